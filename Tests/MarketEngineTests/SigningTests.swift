import MarketEngine
import Testing

/// Known-answer tests for the three signature schemes.
@Suite struct SigningTests {
    @Test func binanceSpotDocumentedExample() {
        // Binance spot API docs ("SIGNED endpoint examples", HMAC, LTCBTC).
        #expect(
            RequestSigner.binance(
                payload:
                    "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559",
                secret: "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j")
                == "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")
    }

    @Test func binanceFuturesDocumentedExample() {
        // Binance USDⓈ-M futures general-info example.
        #expect(
            RequestSigner.binance(
                payload:
                    "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943",
                secret: "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9")
                == "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9")
    }

    @Test func bybitIndependentVector() {
        // Bybit's docs never state their example secret, so these vectors were computed
        // with Python: hmac.new(b"test-secret", b"1658384314791XXXXXXXXXX5000" + payload,
        // hashlib.sha256).hexdigest(), using the docs' timestamp, key and payloads.
        #expect(
            RequestSigner.bybit(
                timestamp: 1_658_384_314_791, apiKey: "XXXXXXXXXX", recvWindow: 5000,
                payload: "category=option&symbol=BTC-29JUL22-25000-C", secret: "test-secret")
                == "236d8f7132d3e4c8bad803010e296f3d07211356e54c01455b26c8229a682297")
        #expect(
            RequestSigner.bybit(
                timestamp: 1_658_385_579_423, apiKey: "XXXXXXXXXX", recvWindow: 5000,
                payload: #"{"category": "option"}"#,
                secret: "test-secret") == "17a6bfe3e7a2aa41dffd3f16bfa0febb8b18ff79bb33de625705dc86876feffe")
    }

    @Test func okxVectors() {
        // The docs' example secret and timestamp; the GET value computed with Python's
        // hmac + base64, the POST value also published by an independent OpenSSL-based test.
        #expect(
            RequestSigner.okx(
                timestamp: "2020-12-08T09:08:57.715Z", method: "GET", requestPath: "/api/v5/account/balance?ccy=BTC",
                body: "",
                secret: "22582BD0CFF14C41EDBF1AB98506286D") == "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=")
        #expect(
            RequestSigner.okx(
                timestamp: "2020-12-08T09:08:57.715Z", method: "post", requestPath: "/api/v5/trade/order",
                body:
                    #"{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"b15","side":"buy","ordType":"limit","px":"2.15","sz":"2"}"#,
                secret: "22582BD0CFF14C41EDBF1AB98506286D") == "dI6rrL9rXW/HdaPKJ/6LC1OgvH4/PYju6R3CqixMTNQ=")
    }

    @Test func isoTimestamps() {
        #expect(RequestSigner.isoTimestamp(milliseconds: 1_607_418_537_715) == "2020-12-08T09:08:57.715Z")
        #expect(RequestSigner.isoTimestamp(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(RequestSigner.isoTimestamp(milliseconds: 951_782_400_001) == "2000-02-29T00:00:00.001Z")
    }

    @Test func credentialsNeverDescribeTheirSecret() {
        let credentials = ExchangeCredentials(apiKey: "abcdef123456", secret: "s3cr3t-value", passphrase: "pass-phrase")
        #expect("\(credentials)" == "credentials(key: abcd****)")
    }
}
