/// Everything the bot says, as one language says it: each language is one instance
/// (`Rendering/Languages/<Name>.swift`), made by an initializer that takes every phrase, so
/// the compiler refuses a language that misses one. A class: a renderer holds one reference
/// (as a struct of 218 strings, every `language.phrases` copied and retained them all, which
/// cost 1.1 MB of code and 1–3 MiB of idle RSS). `{name}` marks a value the renderer fills in (`String.filled`); HTML tags stay
/// as Telegram reads them. `LanguageTests` checks that every language uses the placeholders
/// and tags English does and that every rendered message fits Telegram's limits.
///
/// Numbers, times (UTC), symbols, exchange names and the commands' keywords (`above`,
/// `1h`, `all`) are not phrases: they read the same in every language.
public final class Phrasebook: Sendable {
    /// The language's own name, as `/settings` shows it.
    public let languageName: String

    // MARK: The command menu (plain text, 1–256 characters), /help and /start
    public let summaryStart: String
    public let summaryHelp: String
    public let summaryPrice: String
    public let summaryTop10: String
    public let summaryAnalysis: String
    public let summaryVolume: String
    public let summaryCVD: String
    public let summaryVolumeScan: String
    public let summaryOpenInterest: String
    public let summaryLiquidations: String
    public let summaryChart: String
    public let summaryBalance: String
    public let summaryPositions: String
    public let summaryPnL: String
    public let summaryAlert: String
    public let summaryAlerts: String
    public let summarySettings: String
    public let helpTitle: String
    /// {exchanges}: the six names.
    public let startIntro: String
    public let startCommands: String
    public let startDisclaimer: String

    // MARK: The dispatcher and buttons
    public let hint: String
    /// {command}: what was typed, escaped.
    public let unknownCommand: String
    public let privateCommand: String
    public let staleButton: String
    public let refreshTooSoon: String
    /// The chat sent more than its share of the queue; some messages were skipped.
    public let chatQueueFull: String
    /// The chat spent its share of exchange requests. {seconds}: when to try again.
    public let chatBudgetSpent: String
    public let refreshButton: String
    public let chartButton: String
    /// {usage}: the command's usage line.
    public let usage: String

    // MARK: Words many replies share
    /// {time}: `12:34 UTC`.
    public let dataAt: String
    public let exchangeDataAt: String
    /// A line's label: "Spot", "Perp".
    public let spotLabel: String
    public let perpLabel: String
    /// In a sentence: "spot", "perp".
    public let spotWord: String
    public let perpWord: String
    public let noData: String
    /// {change}: `+1.23%`.
    public let priceChange: String
    public let buyersLead: String
    public let sellersLead: String
    public let allExchanges: String
    /// Between the items of a list in a sentence.
    public let listSeparator: String
    public let durationNow: String
    public let durationMinutes: String
    public let durationHoursMinutes: String

    // MARK: Failures and arguments
    /// When no exchange is named; starts a sentence.
    public let theExchange: String
    /// {symbol} as typed (escaped, shortened).
    public let unknownSymbol: String
    /// {suggestions}: symbols that exist.
    public let unknownSymbolSuggestions: String
    /// {market}: `spotWord` or `perpWord`.
    public let notListed: String
    public let timedOut: String
    /// {detail}: one of the connection words, or `HTTP 503`.
    public let unavailable: String
    public let connectionRefused: String
    public let connectionReset: String
    public let connectionTLS: String
    public let connectionDNS: String
    public let connectionOther: String
    public let connectionCancelled: String
    public let rateLimited: String
    /// {code} and {message}: the exchange's own, untranslated.
    public let rejected: String
    /// {detail}: what the answer lacked, technical and untranslated.
    public let badResponse: String
    public let unexpectedFailure: String
    /// {parameter}: the parameter's name (`symbol`, `exchange`, …).
    public let argumentMissing: String
    public let argumentUnknownValue: String
    public let argumentInterval: String
    public let argumentBars: String
    public let argumentThreshold: String
    public let argumentWindow: String
    public let argumentPeriod: String

    // MARK: /price and inline mode
    public let priceSpot: String
    public let priceRange: String
    public let priceSpotNotListed: String
    public let priceMark: String
    public let priceFunding: String
    public let pricePerp: String
    public let pricePerpNotListed: String
    public let priceBasis: String
    public let priceEveryExchange: String
    public let comparisonFunding: String
    public let comparisonBasis: String
    public let inlineFunding: String

    // MARK: /top10
    /// {what}: `topSpotPairs` or `topPerps`; {order}: one of the three orders.
    public let topTitle: String
    public let topSpotPairs: String
    public let topPerps: String
    public let topByVolume: String
    public let topGainers: String
    public let topLosers: String
    public let topNone: String

    // MARK: /analysis
    public let analysisTitle: String
    /// {trend}: one of the three trend words; {averages}: `EMA20 61,000.00 · …`.
    public let analysisTrend: String
    public let analysisTrendUp: String
    public let analysisTrendDown: String
    public let analysisTrendMixed: String
    public let analysisTrendShort: String
    /// {zone}: one of the three RSI zones.
    public let analysisMomentum: String
    public let rsiOverbought: String
    public let rsiOversold: String
    public let rsiNeutral: String
    public let analysisRange: String
    public let analysisVolume: String
    /// {side}: `buyersLead` or `sellersLead`.
    public let analysisCVD: String
    public let analysisOpenInterest: String
    public let analysisOpenInterestNoHistory: String
    public let analysisFunding: String
    public let analysisBasis: String
    public let analysisNoSignal: String
    /// {signals}: the signals below, joined by `listSeparator`.
    public let analysisSignals: String
    /// {summary}: `analysisSignals` or `analysisNoSignal`.
    public let analysisReading: String
    public let signalTrendUp: String
    public let signalTrendDown: String
    public let signalTrendMixed: String
    public let signalOverbought: String
    public let signalOversold: String
    public let signalHighVolume: String
    public let signalNetBuyers: String
    public let signalNetSellers: String
    public let signalOpenInterestBuilding: String
    public let signalOpenInterestUnwinding: String
    public let signalHighFunding: String
    public let signalNegativeFunding: String

    // MARK: /volume, /volscan, /cvd, /oi
    public let volumeTitle: String
    /// {market}: `spotLabel` or `perpLabel`.
    public let volumeLine: String
    public let volumeSpike: String
    public let volumeNotEnoughBars: String
    public let volumeFooter: String
    public let volumeScanTitle: String
    public let volumeScanNone: String
    public let volumeScanFailed: String
    public let cvdTitle: String
    public let cvdLine: String
    public let cvdLastBar: String
    public let cvdDiverges: String
    public let cvdSourceCandles: String
    public let cvdSourceTrades: String
    public let openInterestTitle: String
    public let openInterestTotal: String
    public let openInterestTotalCover: String
    public let openInterestFooter: String
    public let liquidationsTitle: String
    public let liquidationsTitleAll: String
    public let liquidationsRow: String
    public let liquidationsTotal: String
    public let liquidationsLargest: String
    public let liquidationsLong: String
    public let liquidationsShort: String
    public let liquidationsNone: String
    public let liquidationsSampled: String
    public let liquidationsSince: String
    public let liquidationsDisconnected: String
    public let liquidationsOff: String
    public let liquidationsFooter: String

    // MARK: /chart
    public let chartLocalMode: String
    public let chartNoCandles: String
    public let chartCaption: String
    /// {detail}: technical, untranslated.
    public let chartUnavailable: String

    // MARK: /balance, /positions, /pnl
    public let accountNotConfigured: String
    public let balanceTitle: String
    public let balanceEquity: String
    public let balanceFutures: String
    public let balanceTotal: String
    public let balanceDust: String
    public let positionsTitle: String
    public let positionLong: String
    public let positionShort: String
    /// {liquidation}: `positionLiquidation`, or nothing.
    public let positionDetails: String
    public let positionLiquidation: String
    public let positionsNone: String
    public let pnlToday: String
    public let pnlPeriod: String
    public let pnlRealised: String
    public let pnlFunding: String
    public let pnlFees: String
    public let pnlFeesIncluded: String
    public let pnlUnrealised: String
    public let pnlTotal: String
    public let pnlFootnote: String
    public let pnlEquityPending: String
    public let pnlEquityPendingFirst: String
    public let pnlEquity: String

    // MARK: /settings
    public let settingsExchange: String
    public let settingsExchangeDefault: String
    /// {language}: a language's own name.
    public let settingsLanguage: String
    public let settingsLanguageAuto: String
    /// {exchanges}, {languages}: the accepted words.
    public let settingsUsage: String
    public let settingsSaved: String
    public let settingsNoChat: String
    public let settingsUnknownSetting: String
    public let settingsUnknownExchange: String
    public let settingsUnknownLanguage: String
    public let settingsNotSaved: String

    // MARK: /alert, /alerts and fired alerts
    public let alertAbove: String
    public let alertBelow: String
    public let alertMove: String
    public let alertFundingAbove: String
    public let alertFundingBelow: String
    public let alertOpenInterest: String
    public let alertLiquidations: String
    public let alertCreated: String
    public let alertAlreadyMet: String
    public let alertLimitReached: String
    public let alertCannotDeliver: String
    public let alertNoChat: String
    public let alertDeleted: String
    public let alertNotFound: String
    /// {id}: an alert someone else set, in a group.
    public let alertDeleteNotAllowed: String
    public let alertDeleteAllNotAllowed: String
    public let alertNoneToDelete: String
    public let alertsDeleted: String
    public let alertsEmpty: String
    public let alertsTitle: String
    public let alertsNow: String
    public let alertsAge: String
    public let alertsFooter: String
    public let alertsUnreadable: String
    public let alertsUnsaved: String
    public let alertFiredAbove: String
    public let alertFiredBelow: String
    public let alertFiredMove: String
    public let alertFiredFundingAbove: String
    public let alertFiredFundingBelow: String
    public let alertFiredOpenInterest: String
    public let alertFiredLiquidations: String
    public let alertFiredFooter: String
    /// {problem}: one of the lines below; {usage}: the grammar's usage.
    public let alertProblem: String
    public let alertProblemEmpty: String
    public let alertProblemDeleteWhich: String
    /// {word}: what was typed, escaped and shortened.
    public let alertProblemNotNumber: String
    public let alertProblemWhat: String
    public let alertProblemWindowMissing: String
    public let alertProblemFundingDirection: String
    public let alertProblemFundingRate: String
    public let alertProblemOpenInterest: String
    public let alertProblemLiquidations: String
    public let alertProblemAmount: String
    public let alertProblemCondition: String
    public let alertProblemPrice: String
    /// {word}: a price with a decimal comma, such as `2,5`.
    public let alertProblemAmbiguousPrice: String
    public let alertProblemPercent: String
    public let alertProblemWindow: String
    public let alertProblemExchange: String
    /// Repeating alerts, position alerts, `/watch`, `/digest`, quiet hours.
    public let keeping: KeepingPhrases

    init(
        languageName: String,
        summaryStart: String,
        summaryHelp: String,
        summaryPrice: String,
        summaryTop10: String,
        summaryAnalysis: String,
        summaryVolume: String,
        summaryCVD: String,
        summaryVolumeScan: String,
        summaryOpenInterest: String,
        summaryLiquidations: String,
        summaryChart: String,
        summaryBalance: String,
        summaryPositions: String,
        summaryPnL: String,
        summaryAlert: String,
        summaryAlerts: String,
        summarySettings: String,
        helpTitle: String,
        startIntro: String,
        startCommands: String,
        startDisclaimer: String,
        hint: String,
        unknownCommand: String,
        privateCommand: String,
        staleButton: String,
        refreshTooSoon: String,
        chatQueueFull: String,
        chatBudgetSpent: String,
        refreshButton: String,
        chartButton: String,
        usage: String,
        dataAt: String,
        exchangeDataAt: String,
        spotLabel: String,
        perpLabel: String,
        spotWord: String,
        perpWord: String,
        noData: String,
        priceChange: String,
        buyersLead: String,
        sellersLead: String,
        allExchanges: String,
        listSeparator: String,
        durationNow: String,
        durationMinutes: String,
        durationHoursMinutes: String,
        theExchange: String,
        unknownSymbol: String,
        unknownSymbolSuggestions: String,
        notListed: String,
        timedOut: String,
        unavailable: String,
        connectionRefused: String,
        connectionReset: String,
        connectionTLS: String,
        connectionDNS: String,
        connectionOther: String,
        connectionCancelled: String,
        rateLimited: String,
        rejected: String,
        badResponse: String,
        unexpectedFailure: String,
        argumentMissing: String,
        argumentUnknownValue: String,
        argumentInterval: String,
        argumentBars: String,
        argumentThreshold: String,
        argumentWindow: String,
        argumentPeriod: String,
        priceSpot: String,
        priceRange: String,
        priceSpotNotListed: String,
        priceMark: String,
        priceFunding: String,
        pricePerp: String,
        pricePerpNotListed: String,
        priceBasis: String,
        priceEveryExchange: String,
        comparisonFunding: String,
        comparisonBasis: String,
        inlineFunding: String,
        topTitle: String,
        topSpotPairs: String,
        topPerps: String,
        topByVolume: String,
        topGainers: String,
        topLosers: String,
        topNone: String,
        analysisTitle: String,
        analysisTrend: String,
        analysisTrendUp: String,
        analysisTrendDown: String,
        analysisTrendMixed: String,
        analysisTrendShort: String,
        analysisMomentum: String,
        rsiOverbought: String,
        rsiOversold: String,
        rsiNeutral: String,
        analysisRange: String,
        analysisVolume: String,
        analysisCVD: String,
        analysisOpenInterest: String,
        analysisOpenInterestNoHistory: String,
        analysisFunding: String,
        analysisBasis: String,
        analysisNoSignal: String,
        analysisSignals: String,
        analysisReading: String,
        signalTrendUp: String,
        signalTrendDown: String,
        signalTrendMixed: String,
        signalOverbought: String,
        signalOversold: String,
        signalHighVolume: String,
        signalNetBuyers: String,
        signalNetSellers: String,
        signalOpenInterestBuilding: String,
        signalOpenInterestUnwinding: String,
        signalHighFunding: String,
        signalNegativeFunding: String,
        volumeTitle: String,
        volumeLine: String,
        volumeSpike: String,
        volumeNotEnoughBars: String,
        volumeFooter: String,
        volumeScanTitle: String,
        volumeScanNone: String,
        volumeScanFailed: String,
        cvdTitle: String,
        cvdLine: String,
        cvdLastBar: String,
        cvdDiverges: String,
        cvdSourceCandles: String,
        cvdSourceTrades: String,
        openInterestTitle: String,
        openInterestTotal: String,
        openInterestTotalCover: String,
        openInterestFooter: String,
        liquidationsTitle: String,
        liquidationsTitleAll: String,
        liquidationsRow: String,
        liquidationsTotal: String,
        liquidationsLargest: String,
        liquidationsLong: String,
        liquidationsShort: String,
        liquidationsNone: String,
        liquidationsSampled: String,
        liquidationsSince: String,
        liquidationsDisconnected: String,
        liquidationsOff: String,
        liquidationsFooter: String,
        chartLocalMode: String,
        chartNoCandles: String,
        chartCaption: String,
        chartUnavailable: String,
        accountNotConfigured: String,
        balanceTitle: String,
        balanceEquity: String,
        balanceFutures: String,
        balanceTotal: String,
        balanceDust: String,
        positionsTitle: String,
        positionLong: String,
        positionShort: String,
        positionDetails: String,
        positionLiquidation: String,
        positionsNone: String,
        pnlToday: String,
        pnlPeriod: String,
        pnlRealised: String,
        pnlFunding: String,
        pnlFees: String,
        pnlFeesIncluded: String,
        pnlUnrealised: String,
        pnlTotal: String,
        pnlFootnote: String,
        pnlEquityPending: String,
        pnlEquityPendingFirst: String,
        pnlEquity: String,
        settingsExchange: String,
        settingsExchangeDefault: String,
        settingsLanguage: String,
        settingsLanguageAuto: String,
        settingsUsage: String,
        settingsSaved: String,
        settingsNoChat: String,
        settingsUnknownSetting: String,
        settingsUnknownExchange: String,
        settingsUnknownLanguage: String,
        settingsNotSaved: String,
        alertAbove: String,
        alertBelow: String,
        alertMove: String,
        alertFundingAbove: String,
        alertFundingBelow: String,
        alertOpenInterest: String,
        alertLiquidations: String,
        alertCreated: String,
        alertAlreadyMet: String,
        alertLimitReached: String,
        alertCannotDeliver: String,
        alertNoChat: String,
        alertDeleted: String,
        alertNotFound: String,
        alertDeleteNotAllowed: String,
        alertDeleteAllNotAllowed: String,
        alertNoneToDelete: String,
        alertsDeleted: String,
        alertsEmpty: String,
        alertsTitle: String,
        alertsNow: String,
        alertsAge: String,
        alertsFooter: String,
        alertsUnreadable: String,
        alertsUnsaved: String,
        alertFiredAbove: String,
        alertFiredBelow: String,
        alertFiredMove: String,
        alertFiredFundingAbove: String,
        alertFiredFundingBelow: String,
        alertFiredOpenInterest: String,
        alertFiredLiquidations: String,
        alertFiredFooter: String,
        alertProblem: String,
        alertProblemEmpty: String,
        alertProblemDeleteWhich: String,
        alertProblemNotNumber: String,
        alertProblemWhat: String,
        alertProblemWindowMissing: String,
        alertProblemFundingDirection: String,
        alertProblemFundingRate: String,
        alertProblemOpenInterest: String,
        alertProblemLiquidations: String,
        alertProblemAmount: String,
        alertProblemCondition: String,
        alertProblemPrice: String,
        alertProblemAmbiguousPrice: String,
        alertProblemPercent: String,
        alertProblemWindow: String,
        alertProblemExchange: String,
        keeping: KeepingPhrases
    ) {
        self.keeping = keeping
        self.languageName = languageName
        self.summaryStart = summaryStart
        self.summaryHelp = summaryHelp
        self.summaryPrice = summaryPrice
        self.summaryTop10 = summaryTop10
        self.summaryAnalysis = summaryAnalysis
        self.summaryVolume = summaryVolume
        self.summaryCVD = summaryCVD
        self.summaryVolumeScan = summaryVolumeScan
        self.summaryOpenInterest = summaryOpenInterest
        self.summaryLiquidations = summaryLiquidations
        self.summaryChart = summaryChart
        self.summaryBalance = summaryBalance
        self.summaryPositions = summaryPositions
        self.summaryPnL = summaryPnL
        self.summaryAlert = summaryAlert
        self.summaryAlerts = summaryAlerts
        self.summarySettings = summarySettings
        self.helpTitle = helpTitle
        self.startIntro = startIntro
        self.startCommands = startCommands
        self.startDisclaimer = startDisclaimer
        self.hint = hint
        self.unknownCommand = unknownCommand
        self.privateCommand = privateCommand
        self.staleButton = staleButton
        self.refreshTooSoon = refreshTooSoon
        self.chatQueueFull = chatQueueFull
        self.chatBudgetSpent = chatBudgetSpent
        self.refreshButton = refreshButton
        self.chartButton = chartButton
        self.usage = usage
        self.dataAt = dataAt
        self.exchangeDataAt = exchangeDataAt
        self.spotLabel = spotLabel
        self.perpLabel = perpLabel
        self.spotWord = spotWord
        self.perpWord = perpWord
        self.noData = noData
        self.priceChange = priceChange
        self.buyersLead = buyersLead
        self.sellersLead = sellersLead
        self.allExchanges = allExchanges
        self.listSeparator = listSeparator
        self.durationNow = durationNow
        self.durationMinutes = durationMinutes
        self.durationHoursMinutes = durationHoursMinutes
        self.theExchange = theExchange
        self.unknownSymbol = unknownSymbol
        self.unknownSymbolSuggestions = unknownSymbolSuggestions
        self.notListed = notListed
        self.timedOut = timedOut
        self.unavailable = unavailable
        self.connectionRefused = connectionRefused
        self.connectionReset = connectionReset
        self.connectionTLS = connectionTLS
        self.connectionDNS = connectionDNS
        self.connectionOther = connectionOther
        self.connectionCancelled = connectionCancelled
        self.rateLimited = rateLimited
        self.rejected = rejected
        self.badResponse = badResponse
        self.unexpectedFailure = unexpectedFailure
        self.argumentMissing = argumentMissing
        self.argumentUnknownValue = argumentUnknownValue
        self.argumentInterval = argumentInterval
        self.argumentBars = argumentBars
        self.argumentThreshold = argumentThreshold
        self.argumentWindow = argumentWindow
        self.argumentPeriod = argumentPeriod
        self.priceSpot = priceSpot
        self.priceRange = priceRange
        self.priceSpotNotListed = priceSpotNotListed
        self.priceMark = priceMark
        self.priceFunding = priceFunding
        self.pricePerp = pricePerp
        self.pricePerpNotListed = pricePerpNotListed
        self.priceBasis = priceBasis
        self.priceEveryExchange = priceEveryExchange
        self.comparisonFunding = comparisonFunding
        self.comparisonBasis = comparisonBasis
        self.inlineFunding = inlineFunding
        self.topTitle = topTitle
        self.topSpotPairs = topSpotPairs
        self.topPerps = topPerps
        self.topByVolume = topByVolume
        self.topGainers = topGainers
        self.topLosers = topLosers
        self.topNone = topNone
        self.analysisTitle = analysisTitle
        self.analysisTrend = analysisTrend
        self.analysisTrendUp = analysisTrendUp
        self.analysisTrendDown = analysisTrendDown
        self.analysisTrendMixed = analysisTrendMixed
        self.analysisTrendShort = analysisTrendShort
        self.analysisMomentum = analysisMomentum
        self.rsiOverbought = rsiOverbought
        self.rsiOversold = rsiOversold
        self.rsiNeutral = rsiNeutral
        self.analysisRange = analysisRange
        self.analysisVolume = analysisVolume
        self.analysisCVD = analysisCVD
        self.analysisOpenInterest = analysisOpenInterest
        self.analysisOpenInterestNoHistory = analysisOpenInterestNoHistory
        self.analysisFunding = analysisFunding
        self.analysisBasis = analysisBasis
        self.analysisNoSignal = analysisNoSignal
        self.analysisSignals = analysisSignals
        self.analysisReading = analysisReading
        self.signalTrendUp = signalTrendUp
        self.signalTrendDown = signalTrendDown
        self.signalTrendMixed = signalTrendMixed
        self.signalOverbought = signalOverbought
        self.signalOversold = signalOversold
        self.signalHighVolume = signalHighVolume
        self.signalNetBuyers = signalNetBuyers
        self.signalNetSellers = signalNetSellers
        self.signalOpenInterestBuilding = signalOpenInterestBuilding
        self.signalOpenInterestUnwinding = signalOpenInterestUnwinding
        self.signalHighFunding = signalHighFunding
        self.signalNegativeFunding = signalNegativeFunding
        self.volumeTitle = volumeTitle
        self.volumeLine = volumeLine
        self.volumeSpike = volumeSpike
        self.volumeNotEnoughBars = volumeNotEnoughBars
        self.volumeFooter = volumeFooter
        self.volumeScanTitle = volumeScanTitle
        self.volumeScanNone = volumeScanNone
        self.volumeScanFailed = volumeScanFailed
        self.cvdTitle = cvdTitle
        self.cvdLine = cvdLine
        self.cvdLastBar = cvdLastBar
        self.cvdDiverges = cvdDiverges
        self.cvdSourceCandles = cvdSourceCandles
        self.cvdSourceTrades = cvdSourceTrades
        self.openInterestTitle = openInterestTitle
        self.openInterestTotal = openInterestTotal
        self.openInterestTotalCover = openInterestTotalCover
        self.openInterestFooter = openInterestFooter
        self.liquidationsTitle = liquidationsTitle
        self.liquidationsTitleAll = liquidationsTitleAll
        self.liquidationsRow = liquidationsRow
        self.liquidationsTotal = liquidationsTotal
        self.liquidationsLargest = liquidationsLargest
        self.liquidationsLong = liquidationsLong
        self.liquidationsShort = liquidationsShort
        self.liquidationsNone = liquidationsNone
        self.liquidationsSampled = liquidationsSampled
        self.liquidationsSince = liquidationsSince
        self.liquidationsDisconnected = liquidationsDisconnected
        self.liquidationsOff = liquidationsOff
        self.liquidationsFooter = liquidationsFooter
        self.chartLocalMode = chartLocalMode
        self.chartNoCandles = chartNoCandles
        self.chartCaption = chartCaption
        self.chartUnavailable = chartUnavailable
        self.accountNotConfigured = accountNotConfigured
        self.balanceTitle = balanceTitle
        self.balanceEquity = balanceEquity
        self.balanceFutures = balanceFutures
        self.balanceTotal = balanceTotal
        self.balanceDust = balanceDust
        self.positionsTitle = positionsTitle
        self.positionLong = positionLong
        self.positionShort = positionShort
        self.positionDetails = positionDetails
        self.positionLiquidation = positionLiquidation
        self.positionsNone = positionsNone
        self.pnlToday = pnlToday
        self.pnlPeriod = pnlPeriod
        self.pnlRealised = pnlRealised
        self.pnlFunding = pnlFunding
        self.pnlFees = pnlFees
        self.pnlFeesIncluded = pnlFeesIncluded
        self.pnlUnrealised = pnlUnrealised
        self.pnlTotal = pnlTotal
        self.pnlFootnote = pnlFootnote
        self.pnlEquityPending = pnlEquityPending
        self.pnlEquityPendingFirst = pnlEquityPendingFirst
        self.pnlEquity = pnlEquity
        self.settingsExchange = settingsExchange
        self.settingsExchangeDefault = settingsExchangeDefault
        self.settingsLanguage = settingsLanguage
        self.settingsLanguageAuto = settingsLanguageAuto
        self.settingsUsage = settingsUsage
        self.settingsSaved = settingsSaved
        self.settingsNoChat = settingsNoChat
        self.settingsUnknownSetting = settingsUnknownSetting
        self.settingsUnknownExchange = settingsUnknownExchange
        self.settingsUnknownLanguage = settingsUnknownLanguage
        self.settingsNotSaved = settingsNotSaved
        self.alertAbove = alertAbove
        self.alertBelow = alertBelow
        self.alertMove = alertMove
        self.alertFundingAbove = alertFundingAbove
        self.alertFundingBelow = alertFundingBelow
        self.alertOpenInterest = alertOpenInterest
        self.alertLiquidations = alertLiquidations
        self.alertCreated = alertCreated
        self.alertAlreadyMet = alertAlreadyMet
        self.alertLimitReached = alertLimitReached
        self.alertCannotDeliver = alertCannotDeliver
        self.alertNoChat = alertNoChat
        self.alertDeleted = alertDeleted
        self.alertNotFound = alertNotFound
        self.alertDeleteNotAllowed = alertDeleteNotAllowed
        self.alertDeleteAllNotAllowed = alertDeleteAllNotAllowed
        self.alertNoneToDelete = alertNoneToDelete
        self.alertsDeleted = alertsDeleted
        self.alertsEmpty = alertsEmpty
        self.alertsTitle = alertsTitle
        self.alertsNow = alertsNow
        self.alertsAge = alertsAge
        self.alertsFooter = alertsFooter
        self.alertsUnreadable = alertsUnreadable
        self.alertsUnsaved = alertsUnsaved
        self.alertFiredAbove = alertFiredAbove
        self.alertFiredBelow = alertFiredBelow
        self.alertFiredMove = alertFiredMove
        self.alertFiredFundingAbove = alertFiredFundingAbove
        self.alertFiredFundingBelow = alertFiredFundingBelow
        self.alertFiredOpenInterest = alertFiredOpenInterest
        self.alertFiredLiquidations = alertFiredLiquidations
        self.alertFiredFooter = alertFiredFooter
        self.alertProblem = alertProblem
        self.alertProblemEmpty = alertProblemEmpty
        self.alertProblemDeleteWhich = alertProblemDeleteWhich
        self.alertProblemNotNumber = alertProblemNotNumber
        self.alertProblemWhat = alertProblemWhat
        self.alertProblemWindowMissing = alertProblemWindowMissing
        self.alertProblemFundingDirection = alertProblemFundingDirection
        self.alertProblemFundingRate = alertProblemFundingRate
        self.alertProblemOpenInterest = alertProblemOpenInterest
        self.alertProblemLiquidations = alertProblemLiquidations
        self.alertProblemAmount = alertProblemAmount
        self.alertProblemCondition = alertProblemCondition
        self.alertProblemPrice = alertProblemPrice
        self.alertProblemAmbiguousPrice = alertProblemAmbiguousPrice
        self.alertProblemPercent = alertProblemPercent
        self.alertProblemWindow = alertProblemWindow
        self.alertProblemExchange = alertProblemExchange
    }
}
