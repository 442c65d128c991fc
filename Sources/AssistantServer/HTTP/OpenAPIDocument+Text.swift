// Written by `make docs` (scripts/embed-openapi.py) from openapi.json: edit that file.
extension OpenAPIDocument {
    static let text = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "crypto-assistant JSON API",
            "version": "1",
            "description": "The report values the bot's commands render, as JSON, with the query read by the same grammar (`CommandGrammar`). Mounted only when `API_TOKEN` is set (otherwise every path answers 404 with an empty body); every request needs `Authorization: Bearer <API_TOKEN>`. Answers are `application/json` with sorted keys and `Cache-Control: no-store`; optional fields are omitted, never `null`. Unknown query parameters are ignored; a repeated one counts once (the last)."
          },
          "servers": [
            {
              "url": "/"
            }
          ],
          "security": [
            {
              "bearer": []
            }
          ],
          "tags": [
            {
              "name": "market",
              "description": "Market data from the exchanges' public APIs."
            },
            {
              "name": "account",
              "description": "Signed account reads; only with `API_ACCOUNT_ENDPOINTS=true`."
            },
            {
              "name": "meta",
              "description": "About the API itself."
            }
          ],
          "paths": {
            "/api/v1/price": {
              "get": {
                "operationId": "getPrice",
                "summary": "Price of a pair on one exchange or on all",
                "description": "`/price` as data: spot, perp and funding of one pair on one exchange (`PriceSnapshot`), or with `exchange=all` on every exchange at once (`PriceComparisonReport`, always 200: failing exchanges are listed in `failures`).",
                "tags": [
                  "market"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/symbol"
                  },
                  {
                    "$ref": "#/components/parameters/priceExchange"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The snapshot, or the comparison for `exchange=all`.",
                    "headers": {
                      "Cache-Control": {
                        "$ref": "#/components/headers/CacheControl"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/PriceReport"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/UnknownSymbol"
                  },
                  "500": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "502": {
                    "$ref": "#/components/responses/BadGateway"
                  }
                }
              }
            },
            "/api/v1/top": {
              "get": {
                "operationId": "getTop",
                "summary": "Top 10 USDT pairs of one market",
                "description": "`/top10` as data: the top USDT pairs of one market by volume, gain or loss, from one all-tickers request.",
                "tags": [
                  "market"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ranking"
                  },
                  {
                    "$ref": "#/components/parameters/market"
                  },
                  {
                    "$ref": "#/components/parameters/exchange"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The ranking.",
                    "headers": {
                      "Cache-Control": {
                        "$ref": "#/components/headers/CacheControl"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/TopReport"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "500": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "502": {
                    "$ref": "#/components/responses/BadGateway"
                  }
                }
              }
            },
            "/api/v1/volume": {
              "get": {
                "operationId": "getVolume",
                "summary": "Volume spike of a pair",
                "description": "`/volume` as data: the last closed bar's volume against the previous 20, spot and perp.",
                "tags": [
                  "market"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/symbol"
                  },
                  {
                    "$ref": "#/components/parameters/intervalH1"
                  },
                  {
                    "$ref": "#/components/parameters/threshold"
                  },
                  {
                    "$ref": "#/components/parameters/exchange"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The report.",
                    "headers": {
                      "Cache-Control": {
                        "$ref": "#/components/headers/CacheControl"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/VolumeReport"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/UnknownSymbol"
                  },
                  "500": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "502": {
                    "$ref": "#/components/responses/BadGateway"
                  }
                }
              }
            },
            "/api/v1/cvd": {
              "get": {
                "operationId": "getCVD",
                "summary": "Cumulative volume delta of a pair",
                "description": "`/cvd` as data: taker buys minus sells for spot and perp; from klines on Binance (`bars` of `interval`), from recent trades elsewhere.",
                "tags": [
                  "market"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/symbol"
                  },
                  {
                    "$ref": "#/components/parameters/intervalH1"
                  },
                  {
                    "$ref": "#/components/parameters/bars"
                  },
                  {
                    "$ref": "#/components/parameters/exchange"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The report.",
                    "headers": {
                      "Cache-Control": {
                        "$ref": "#/components/headers/CacheControl"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/CVDReport"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/UnknownSymbol"
                  },
                  "500": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "502": {
                    "$ref": "#/components/responses/BadGateway"
                  }
                }
              }
            },
            "/api/v1/volscan": {
              "get": {
                "operationId": "getVolumeScan",
                "summary": "Volume spikes among the top perpetuals",
                "description": "`/volscan` as data: the last closed bar against the previous 20 for the top 50 perpetuals by volume; spikes at or above `threshold`, largest first.",
                "tags": [
                  "market"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/intervalH1"
                  },
                  {
                    "$ref": "#/components/parameters/threshold"
                  },
                  {
                    "$ref": "#/components/parameters/exchange"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The scan.",
                    "headers": {
                      "Cache-Control": {
                        "$ref": "#/components/headers/CacheControl"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/VolumeScanReport"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "500": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "502": {
                    "$ref": "#/components/responses/BadGateway"
                  }
                }
              }
            },
            "/api/v1/oi": {
              "get": {
                "operationId": "getOpenInterest",
                "summary": "Open interest of a perpetual across exchanges",
                "description": "`/oi` as data: every exchange's open interest of the pair's perpetual, its share, the total, and changes over 1, 4 and 24 hours.",
                "tags": [
                  "market"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/symbol"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The report.",
                    "headers": {
                      "Cache-Control": {
                        "$ref": "#/components/headers/CacheControl"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenInterestReport"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/UnknownSymbol"
                  },
                  "500": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "502": {
                    "$ref": "#/components/responses/BadGateway"
                  }
                }
              }
            },
            "/api/v1/analysis": {
              "get": {
                "operationId": "getAnalysis",
                "summary": "Technical reading of a pair",
                "description": "`/analysis` as data: EMAs, RSI, range position, volume, CVD, open interest, funding and basis, and the signals they give.",
                "tags": [
                  "market"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/symbol"
                  },
                  {
                    "$ref": "#/components/parameters/intervalH4"
                  },
                  {
                    "$ref": "#/components/parameters/exchange"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The report.",
                    "headers": {
                      "Cache-Control": {
                        "$ref": "#/components/headers/CacheControl"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/AnalysisReport"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/UnknownSymbol"
                  },
                  "500": {
                    "$ref": "#/components/responses/InternalError"
                  },
                  "502": {
                    "$ref": "#/components/responses/BadGateway"
                  }
                }
              }
            },
            "/api/v1/balance": {
              "get": {
                "operationId": "getBalance",
                "summary": "Account balances on every exchange",
                "description": "`/balance` as data. Mounted only with `API_ACCOUNT_ENDPOINTS=true`.",
                "tags": [
                  "account"
                ],
                "responses": {
                  "200": {
                    "description": "Every exchange's balance, failure or `not_configured`.",
                    "headers": {
                      "Cache-Control": {
                        "$ref": "#/components/headers/CacheControl"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/BalanceReport"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotMounted"
                  },
                  "500": {
                    "$ref": "#/components/responses/InternalError"
                  }
                }
              }
            },
            "/api/v1/positions": {
              "get": {
                "operationId": "getPositions",
                "summary": "Open perpetual positions on every exchange",
                "description": "`/positions` as data. Mounted only with `API_ACCOUNT_ENDPOINTS=true`.",
                "tags": [
                  "account"
                ],
                "responses": {
                  "200": {
                    "description": "Every exchange's positions, failure or `not_configured`.",
                    "headers": {
                      "Cache-Control": {
                        "$ref": "#/components/headers/CacheControl"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/PositionsReport"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotMounted"
                  },
                  "500": {
                    "$ref": "#/components/responses/InternalError"
                  }
                }
              }
            },
            "/api/v1/pnl": {
              "get": {
                "operationId": "getPnL",
                "summary": "Profit and loss over a period on every exchange",
                "description": "`/pnl` as data. Mounted only with `API_ACCOUNT_ENDPOINTS=true`.",
                "tags": [
                  "account"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/period"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "Every exchange's results, failure or `not_configured`.",
                    "headers": {
                      "Cache-Control": {
                        "$ref": "#/components/headers/CacheControl"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/PnLReport"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotMounted"
                  },
                  "500": {
                    "$ref": "#/components/responses/InternalError"
                  }
                }
              }
            },
            "/api/v1/openapi.json": {
              "get": {
                "operationId": "getOpenAPIDocument",
                "summary": "This document",
                "description": "The OpenAPI document of the JSON API, behind the same bearer token as the rest of `/api/v1`.",
                "tags": [
                  "meta"
                ],
                "responses": {
                  "200": {
                    "description": "The OpenAPI 3.1 document.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/OpenAPIDocument"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "description": "Not served: the route is not registered."
                  }
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "The `API_TOKEN` setting (at least 16 characters), sent as `Authorization: Bearer <API_TOKEN>` (the `Bearer ` prefix is case-sensitive) and compared in constant time. Missing or wrong: 401 `{\"error\":\"missing or wrong bearer token\"}`."
              }
            },
            "parameters": {
              "symbol": {
                "name": "symbol",
                "in": "query",
                "required": true,
                "description": "A pair as people type it: `BTC`, `btcusdt`, `BTC/USDT`, `BTC-USDT-SWAP`, `BTCUSDT.P`, … Any non-empty text is accepted here; one no exchange lists answers 404. Missing or empty: 400.",
                "schema": {
                  "type": "string",
                  "minLength": 1
                },
                "example": "BTC"
              },
              "exchange": {
                "name": "exchange",
                "in": "query",
                "required": false,
                "description": "One exchange (`gateio` and `gate.io` mean `gate`). Anything else: 400. Matched case-insensitively. An empty value (`name=`) is read as absent, so it gives the default.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "binance",
                    "bybit",
                    "okx",
                    "bitget",
                    "gate",
                    "mexc",
                    "gateio",
                    "gate.io",
                    ""
                  ],
                  "default": "binance"
                }
              },
              "priceExchange": {
                "name": "exchange",
                "in": "query",
                "required": false,
                "description": "One exchange (`gateio` and `gate.io` mean `gate`), or `all` for every exchange side by side (answered as a `PriceComparisonReport`). Anything else: 400. Matched case-insensitively. An empty value (`name=`) is read as absent, so it gives the default.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "binance",
                    "bybit",
                    "okx",
                    "bitget",
                    "gate",
                    "mexc",
                    "gateio",
                    "gate.io",
                    "all",
                    ""
                  ],
                  "default": "binance"
                }
              },
              "intervalH1": {
                "name": "interval",
                "in": "query",
                "required": false,
                "description": "Candle interval; `60m`/`60` mean `1h`, `240m`/`240` mean `4h`, `d`/`1day`/`24h` mean `1d`. Anything else: 400. Matched case-insensitively. An empty value (`name=`) is read as absent, so it gives the default.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "1m",
                    "5m",
                    "15m",
                    "30m",
                    "1h",
                    "4h",
                    "1d",
                    "60m",
                    "60",
                    "240m",
                    "240",
                    "d",
                    "1day",
                    "24h",
                    ""
                  ],
                  "default": "1h"
                }
              },
              "intervalH4": {
                "name": "interval",
                "in": "query",
                "required": false,
                "description": "Candle interval; `60m`/`60` mean `1h`, `240m`/`240` mean `4h`, `d`/`1day`/`24h` mean `1d`. Anything else: 400. Matched case-insensitively. An empty value (`name=`) is read as absent, so it gives the default.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "1m",
                    "5m",
                    "15m",
                    "30m",
                    "1h",
                    "4h",
                    "1d",
                    "60m",
                    "60",
                    "240m",
                    "240",
                    "d",
                    "1day",
                    "24h",
                    ""
                  ],
                  "default": "4h"
                }
              },
              "threshold": {
                "name": "threshold",
                "in": "query",
                "required": false,
                "description": "Spike threshold, a multiple of the mean: above 0 and below 1000. Anything else: 400. An empty value (`name=`) is read as absent, so it gives the default.",
                "schema": {
                  "anyOf": [
                    {
                      "type": "number",
                      "exclusiveMinimum": 0,
                      "exclusiveMaximum": 1000
                    },
                    {
                      "const": ""
                    }
                  ],
                  "default": 2
                }
              },
              "bars": {
                "name": "bars",
                "in": "query",
                "required": false,
                "description": "Bars counted (Binance klines): an integer from 2 to 500. Anything else: 400. An empty value (`name=`) is read as absent, so it gives the default.",
                "schema": {
                  "anyOf": [
                    {
                      "type": "integer",
                      "minimum": 2,
                      "maximum": 500
                    },
                    {
                      "const": ""
                    }
                  ],
                  "default": 24
                }
              },
              "ranking": {
                "name": "ranking",
                "in": "query",
                "required": false,
                "description": "How pairs are ordered. Anything else: 400. Matched case-insensitively. An empty value (`name=`) is read as absent, so it gives the default.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "volume",
                    "gainers",
                    "losers",
                    ""
                  ],
                  "default": "volume"
                }
              },
              "market": {
                "name": "market",
                "in": "query",
                "required": false,
                "description": "Spot, or the USDT-margined perpetual. Anything else: 400. Matched case-insensitively. An empty value (`name=`) is read as absent, so it gives the default.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "spot",
                    "perp",
                    ""
                  ],
                  "default": "spot"
                }
              },
              "period": {
                "name": "period",
                "in": "query",
                "required": false,
                "description": "Today since 00:00 UTC, or the last 7 or 30 days. Anything else: 400. Matched case-insensitively. An empty value (`name=`) is read as absent, so it gives the default.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "today",
                    "7d",
                    "30d",
                    ""
                  ],
                  "default": "today"
                }
              }
            },
            "headers": {
              "CacheControl": {
                "description": "Every JSON answer of the API is `no-store`.",
                "schema": {
                  "const": "no-store"
                }
              }
            },
            "responses": {
              "BadRequest": {
                "description": "A query parameter is missing or does not parse; `error` is the sentence the bot would show.",
                "headers": {
                  "Cache-Control": {
                    "$ref": "#/components/headers/CacheControl"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/APIError"
                    }
                  }
                }
              },
              "Unauthorized": {
                "description": "Missing or wrong `Authorization: Bearer <API_TOKEN>`.",
                "headers": {
                  "Cache-Control": {
                    "$ref": "#/components/headers/CacheControl"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "allOf": [
                        {
                          "$ref": "#/components/schemas/APIError"
                        },
                        {
                          "properties": {
                            "error": {
                              "const": "missing or wrong bearer token"
                            }
                          }
                        }
                      ]
                    }
                  }
                }
              },
              "UnknownSymbol": {
                "description": "Unknown symbol, with suggestions.",
                "headers": {
                  "Cache-Control": {
                    "$ref": "#/components/headers/CacheControl"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/UnknownSymbolError"
                    }
                  }
                }
              },
              "BadGateway": {
                "description": "An exchange failed; its failure as data.",
                "headers": {
                  "Cache-Control": {
                    "$ref": "#/components/headers/CacheControl"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ExchangeFailureError"
                    }
                  }
                }
              },
              "InternalError": {
                "description": "Anything else (a bug); no detail.",
                "headers": {
                  "Cache-Control": {
                    "$ref": "#/components/headers/CacheControl"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "allOf": [
                        {
                          "$ref": "#/components/schemas/APIError"
                        },
                        {
                          "properties": {
                            "error": {
                              "const": "internal error"
                            }
                          }
                        }
                      ]
                    }
                  }
                }
              },
              "NotMounted": {
                "description": "The route is not mounted (`API_ACCOUNT_ENDPOINTS` is not `true`): Hummingbird's 404 with an empty body."
              }
            },
            "schemas": {
              "Exchange": {
                "type": "string",
                "enum": [
                  "binance",
                  "bybit",
                  "okx",
                  "bitget",
                  "gate",
                  "mexc"
                ],
                "description": "An exchange, by its raw name."
              },
              "Market": {
                "type": "string",
                "enum": [
                  "spot",
                  "perp"
                ],
                "description": "Spot, or the USDT-margined perpetual swap of the same pair."
              },
              "Interval": {
                "type": "string",
                "enum": [
                  "1m",
                  "5m",
                  "15m",
                  "30m",
                  "1h",
                  "4h",
                  "1d"
                ],
                "description": "A candle interval, as the report writes it (aliases given in the query are normalised to these)."
              },
              "TopRanking": {
                "type": "string",
                "enum": [
                  "volume",
                  "gainers",
                  "losers"
                ]
              },
              "ReportPeriod": {
                "type": "string",
                "enum": [
                  "today",
                  "7d",
                  "30d"
                ]
              },
              "MarketFailureUnknownSymbol": {
                "type": "object",
                "description": "The symbol is not listed.",
                "required": [
                  "message",
                  "reason",
                  "symbol",
                  "suggestions"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange",
                    "description": "The exchange asked; absent where none was (an unknown symbol, an unexpected error, a cancellation)."
                  },
                  "message": {
                    "type": "string",
                    "description": "The sentence the bot would show (English)."
                  },
                  "reason": {
                    "const": "unknownSymbol"
                  },
                  "symbol": {
                    "type": "string"
                  },
                  "suggestions": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  }
                },
                "additionalProperties": false
              },
              "MarketFailureNotListed": {
                "type": "object",
                "description": "The pair exists, but not on this market of this exchange.",
                "required": [
                  "message",
                  "reason",
                  "pair",
                  "market"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange",
                    "description": "The exchange asked; absent where none was (an unknown symbol, an unexpected error, a cancellation)."
                  },
                  "message": {
                    "type": "string",
                    "description": "The sentence the bot would show (English)."
                  },
                  "reason": {
                    "const": "notListed"
                  },
                  "pair": {
                    "type": "string"
                  },
                  "market": {
                    "$ref": "#/components/schemas/Market"
                  }
                },
                "additionalProperties": false
              },
              "MarketFailureTimeout": {
                "type": "object",
                "description": "The exchange did not answer in time.",
                "required": [
                  "message",
                  "reason"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange",
                    "description": "The exchange asked; absent where none was (an unknown symbol, an unexpected error, a cancellation)."
                  },
                  "message": {
                    "type": "string",
                    "description": "The sentence the bot would show (English)."
                  },
                  "reason": {
                    "const": "timeout"
                  }
                },
                "additionalProperties": false
              },
              "MarketFailureConnection": {
                "type": "object",
                "description": "No HTTP answer at all.",
                "required": [
                  "message",
                  "reason",
                  "connection"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange",
                    "description": "The exchange asked; absent where none was (an unknown symbol, an unexpected error, a cancellation)."
                  },
                  "message": {
                    "type": "string",
                    "description": "The sentence the bot would show (English)."
                  },
                  "reason": {
                    "const": "connection"
                  },
                  "connection": {
                    "type": "string",
                    "enum": [
                      "refused",
                      "reset",
                      "tls",
                      "dns",
                      "other"
                    ]
                  }
                },
                "additionalProperties": false
              },
              "MarketFailureRateLimited": {
                "type": "object",
                "description": "Told to back off until `until`.",
                "required": [
                  "message",
                  "reason",
                  "until"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange",
                    "description": "The exchange asked; absent where none was (an unknown symbol, an unexpected error, a cancellation)."
                  },
                  "message": {
                    "type": "string",
                    "description": "The sentence the bot would show (English)."
                  },
                  "reason": {
                    "const": "rateLimited"
                  },
                  "until": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Epoch seconds at which the ban ends."
                  }
                },
                "additionalProperties": false
              },
              "MarketFailureHttpStatus": {
                "type": "object",
                "description": "The exchange answered an HTTP error status.",
                "required": [
                  "message",
                  "reason",
                  "status"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange",
                    "description": "The exchange asked; absent where none was (an unknown symbol, an unexpected error, a cancellation)."
                  },
                  "message": {
                    "type": "string",
                    "description": "The sentence the bot would show (English)."
                  },
                  "reason": {
                    "const": "httpStatus"
                  },
                  "status": {
                    "type": "integer",
                    "description": "The HTTP status the exchange answered."
                  }
                },
                "additionalProperties": false
              },
              "MarketFailureRejected": {
                "type": "object",
                "description": "The exchange answered with its own error code (`code`) and message (`detail`).",
                "required": [
                  "message",
                  "reason",
                  "code",
                  "detail"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange",
                    "description": "The exchange asked; absent where none was (an unknown symbol, an unexpected error, a cancellation)."
                  },
                  "message": {
                    "type": "string",
                    "description": "The sentence the bot would show (English)."
                  },
                  "reason": {
                    "const": "rejected"
                  },
                  "code": {
                    "type": "string"
                  },
                  "detail": {
                    "type": "string"
                  }
                },
                "additionalProperties": false
              },
              "MarketFailureBadResponse": {
                "type": "object",
                "description": "A body that is not the JSON the exchange documents.",
                "required": [
                  "message",
                  "reason",
                  "detail"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange",
                    "description": "The exchange asked; absent where none was (an unknown symbol, an unexpected error, a cancellation)."
                  },
                  "message": {
                    "type": "string",
                    "description": "The sentence the bot would show (English)."
                  },
                  "reason": {
                    "const": "badResponse"
                  },
                  "detail": {
                    "type": "string"
                  }
                },
                "additionalProperties": false
              },
              "MarketFailureCancelled": {
                "type": "object",
                "description": "The read was cancelled.",
                "required": [
                  "message",
                  "reason"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange",
                    "description": "The exchange asked; absent where none was (an unknown symbol, an unexpected error, a cancellation)."
                  },
                  "message": {
                    "type": "string",
                    "description": "The sentence the bot would show (English)."
                  },
                  "reason": {
                    "const": "cancelled"
                  }
                },
                "additionalProperties": false
              },
              "MarketFailureUnexpected": {
                "type": "object",
                "description": "Not a market failure (a bug); no detail.",
                "required": [
                  "message",
                  "reason"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange",
                    "description": "The exchange asked; absent where none was (an unknown symbol, an unexpected error, a cancellation)."
                  },
                  "message": {
                    "type": "string",
                    "description": "The sentence the bot would show (English)."
                  },
                  "reason": {
                    "const": "unexpected"
                  }
                },
                "additionalProperties": false
              },
              "MarketFailure": {
                "description": "Why market data could not be had: a flat object whose `reason` names the case, with the case's data in named fields, and `message` the English sentence.",
                "oneOf": [
                  {
                    "$ref": "#/components/schemas/MarketFailureUnknownSymbol"
                  },
                  {
                    "$ref": "#/components/schemas/MarketFailureNotListed"
                  },
                  {
                    "$ref": "#/components/schemas/MarketFailureTimeout"
                  },
                  {
                    "$ref": "#/components/schemas/MarketFailureConnection"
                  },
                  {
                    "$ref": "#/components/schemas/MarketFailureRateLimited"
                  },
                  {
                    "$ref": "#/components/schemas/MarketFailureHttpStatus"
                  },
                  {
                    "$ref": "#/components/schemas/MarketFailureRejected"
                  },
                  {
                    "$ref": "#/components/schemas/MarketFailureBadResponse"
                  },
                  {
                    "$ref": "#/components/schemas/MarketFailureCancelled"
                  },
                  {
                    "$ref": "#/components/schemas/MarketFailureUnexpected"
                  }
                ],
                "discriminator": {
                  "propertyName": "reason",
                  "mapping": {
                    "unknownSymbol": "#/components/schemas/MarketFailureUnknownSymbol",
                    "notListed": "#/components/schemas/MarketFailureNotListed",
                    "timeout": "#/components/schemas/MarketFailureTimeout",
                    "connection": "#/components/schemas/MarketFailureConnection",
                    "rateLimited": "#/components/schemas/MarketFailureRateLimited",
                    "httpStatus": "#/components/schemas/MarketFailureHttpStatus",
                    "rejected": "#/components/schemas/MarketFailureRejected",
                    "badResponse": "#/components/schemas/MarketFailureBadResponse",
                    "cancelled": "#/components/schemas/MarketFailureCancelled",
                    "unexpected": "#/components/schemas/MarketFailureUnexpected"
                  }
                }
              },
              "FailuresByMarket": {
                "type": "object",
                "description": "Why a market's part is missing, keyed by market.",
                "required": [],
                "properties": {
                  "spot": {
                    "$ref": "#/components/schemas/MarketFailure"
                  },
                  "perp": {
                    "$ref": "#/components/schemas/MarketFailure"
                  }
                },
                "additionalProperties": false
              },
              "FailuresByExchange": {
                "type": "object",
                "description": "The exchanges that could not be read, keyed by exchange.",
                "required": [],
                "properties": {
                  "binance": {
                    "$ref": "#/components/schemas/MarketFailure"
                  },
                  "bybit": {
                    "$ref": "#/components/schemas/MarketFailure"
                  },
                  "okx": {
                    "$ref": "#/components/schemas/MarketFailure"
                  },
                  "bitget": {
                    "$ref": "#/components/schemas/MarketFailure"
                  },
                  "gate": {
                    "$ref": "#/components/schemas/MarketFailure"
                  },
                  "mexc": {
                    "$ref": "#/components/schemas/MarketFailure"
                  }
                },
                "additionalProperties": false
              },
              "Instrument": {
                "type": "object",
                "required": [
                  "exchange",
                  "market",
                  "symbol",
                  "base",
                  "quote",
                  "contractValue"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange"
                  },
                  "market": {
                    "$ref": "#/components/schemas/Market"
                  },
                  "symbol": {
                    "type": "string",
                    "description": "The exchange's own id (`BTCUSDT`, `BTC-USDT-SWAP`, …)."
                  },
                  "base": {
                    "type": "string"
                  },
                  "quote": {
                    "type": "string"
                  },
                  "contractValue": {
                    "type": "number",
                    "description": "Base units per contract (OKX swaps' `ctVal`); 1 where sizes are in base units."
                  }
                },
                "additionalProperties": false
              },
              "Ticker": {
                "type": "object",
                "description": "24-hour statistics of one instrument.",
                "required": [
                  "instrument",
                  "last",
                  "changePercent",
                  "high",
                  "low",
                  "baseVolume",
                  "quoteVolume",
                  "time"
                ],
                "properties": {
                  "instrument": {
                    "$ref": "#/components/schemas/Instrument"
                  },
                  "last": {
                    "type": "number"
                  },
                  "changePercent": {
                    "type": "number",
                    "description": "24 h change in percent (-3.0 = -3 %)."
                  },
                  "high": {
                    "type": "number"
                  },
                  "low": {
                    "type": "number"
                  },
                  "baseVolume": {
                    "type": "number"
                  },
                  "quoteVolume": {
                    "type": "number",
                    "description": "24 h volume in the quote currency."
                  },
                  "time": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Milliseconds since 1970 of the data."
                  }
                },
                "additionalProperties": false
              },
              "PerpTicker": {
                "type": "object",
                "description": "Mark, index and funding of a perpetual swap.",
                "required": [
                  "instrument",
                  "markPrice",
                  "indexPrice",
                  "fundingRate",
                  "nextFundingTime",
                  "fundingIntervalHours",
                  "time"
                ],
                "properties": {
                  "instrument": {
                    "$ref": "#/components/schemas/Instrument"
                  },
                  "markPrice": {
                    "type": "number"
                  },
                  "indexPrice": {
                    "type": "number"
                  },
                  "fundingRate": {
                    "type": "number",
                    "description": "Fraction per funding interval (0.0001 = 0.01 %)."
                  },
                  "nextFundingTime": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Milliseconds since 1970."
                  },
                  "fundingIntervalHours": {
                    "type": "number"
                  },
                  "time": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Milliseconds since 1970 of the data."
                  }
                },
                "additionalProperties": false
              },
              "PriceSnapshot": {
                "type": "object",
                "description": "Spot and perpetual of one pair on one exchange; each part present when it could be read (`GET /api/v1/price` with one exchange).",
                "required": [
                  "exchange",
                  "pair",
                  "failures"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange"
                  },
                  "pair": {
                    "type": "string",
                    "description": "`BASE/QUOTE`."
                  },
                  "spot": {
                    "$ref": "#/components/schemas/Ticker"
                  },
                  "perp": {
                    "$ref": "#/components/schemas/Ticker"
                  },
                  "funding": {
                    "$ref": "#/components/schemas/PerpTicker"
                  },
                  "failures": {
                    "$ref": "#/components/schemas/FailuresByMarket"
                  }
                },
                "additionalProperties": false
              },
              "PriceComparisonReport": {
                "type": "object",
                "description": "One pair on every exchange (`GET /api/v1/price?exchange=all`); an exchange that failed is in `failures`.",
                "required": [
                  "symbol",
                  "prices",
                  "failures"
                ],
                "properties": {
                  "symbol": {
                    "type": "string",
                    "description": "The symbol as asked for."
                  },
                  "prices": {
                    "type": "object",
                    "description": "Each exchange that answered.",
                    "required": [],
                    "properties": {
                      "binance": {
                        "$ref": "#/components/schemas/PriceSnapshot"
                      },
                      "bybit": {
                        "$ref": "#/components/schemas/PriceSnapshot"
                      },
                      "okx": {
                        "$ref": "#/components/schemas/PriceSnapshot"
                      },
                      "bitget": {
                        "$ref": "#/components/schemas/PriceSnapshot"
                      },
                      "gate": {
                        "$ref": "#/components/schemas/PriceSnapshot"
                      },
                      "mexc": {
                        "$ref": "#/components/schemas/PriceSnapshot"
                      }
                    },
                    "additionalProperties": false
                  },
                  "failures": {
                    "$ref": "#/components/schemas/FailuresByExchange"
                  }
                },
                "additionalProperties": false
              },
              "PriceReport": {
                "description": "A `PriceSnapshot` for one exchange, or a `PriceComparisonReport` for `exchange=all`.",
                "oneOf": [
                  {
                    "$ref": "#/components/schemas/PriceSnapshot"
                  },
                  {
                    "$ref": "#/components/schemas/PriceComparisonReport"
                  }
                ]
              },
              "TopReport": {
                "type": "object",
                "required": [
                  "exchange",
                  "ranking",
                  "market",
                  "tickers"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange"
                  },
                  "ranking": {
                    "$ref": "#/components/schemas/TopRanking"
                  },
                  "market": {
                    "$ref": "#/components/schemas/Market"
                  },
                  "tickers": {
                    "type": "array",
                    "maxItems": 10,
                    "items": {
                      "$ref": "#/components/schemas/Ticker"
                    },
                    "description": "At most 10 USDT pairs, in ranking order."
                  }
                },
                "additionalProperties": false
              },
              "VolumeSpike": {
                "type": "object",
                "description": "The last closed bar's volume against the 20 closed bars before it.",
                "required": [
                  "candleTime",
                  "volume",
                  "quoteVolume",
                  "mean",
                  "median",
                  "ratioToMean",
                  "ratioToMedian",
                  "priceChangePercent"
                ],
                "properties": {
                  "candleTime": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Open time of the last closed bar (ms since 1970)."
                  },
                  "volume": {
                    "type": "number"
                  },
                  "quoteVolume": {
                    "type": "number"
                  },
                  "mean": {
                    "type": "number"
                  },
                  "median": {
                    "type": "number"
                  },
                  "ratioToMean": {
                    "type": "number"
                  },
                  "ratioToMedian": {
                    "type": "number"
                  },
                  "zScore": {
                    "type": "number",
                    "description": "(volume - mean) / sample standard deviation; absent when the window is flat."
                  },
                  "priceChangePercent": {
                    "type": "number",
                    "description": "Close over open of the bar, in percent."
                  }
                },
                "additionalProperties": false
              },
              "VolumeReport": {
                "type": "object",
                "description": "The last closed bar against the previous 20, spot and perp. A market's part is absent when it failed (see `failures`) or had too few closed bars.",
                "required": [
                  "pair",
                  "exchange",
                  "interval",
                  "threshold",
                  "failures"
                ],
                "properties": {
                  "pair": {
                    "type": "string"
                  },
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange"
                  },
                  "interval": {
                    "$ref": "#/components/schemas/Interval"
                  },
                  "threshold": {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "exclusiveMaximum": 1000,
                    "description": "Spike threshold, a multiple of the mean."
                  },
                  "spot": {
                    "$ref": "#/components/schemas/VolumeSpike"
                  },
                  "perp": {
                    "$ref": "#/components/schemas/VolumeSpike"
                  },
                  "failures": {
                    "$ref": "#/components/schemas/FailuresByMarket"
                  }
                },
                "additionalProperties": false
              },
              "CVDSourceKlines": {
                "type": "object",
                "description": "Taker split from Binance's klines.",
                "required": [
                  "kind",
                  "count",
                  "interval"
                ],
                "properties": {
                  "kind": {
                    "const": "klines"
                  },
                  "count": {
                    "type": "integer",
                    "minimum": 2,
                    "maximum": 500,
                    "description": "Bars counted (the `bars` asked for)."
                  },
                  "interval": {
                    "$ref": "#/components/schemas/Interval"
                  }
                },
                "additionalProperties": false
              },
              "CVDSourceTrades": {
                "type": "object",
                "description": "Taker split counted from recent public trades (every exchange but Binance).",
                "required": [
                  "kind",
                  "count",
                  "since"
                ],
                "properties": {
                  "kind": {
                    "const": "trades"
                  },
                  "count": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Recent public trades counted."
                  },
                  "since": {
                    "type": "integer",
                    "format": "int64",
                    "description": "The first trade's time (ms since 1970)."
                  }
                },
                "additionalProperties": false
              },
              "CVDSource": {
                "oneOf": [
                  {
                    "$ref": "#/components/schemas/CVDSourceKlines"
                  },
                  {
                    "$ref": "#/components/schemas/CVDSourceTrades"
                  }
                ],
                "discriminator": {
                  "propertyName": "kind",
                  "mapping": {
                    "klines": "#/components/schemas/CVDSourceKlines",
                    "trades": "#/components/schemas/CVDSourceTrades"
                  }
                }
              },
              "CVDReading": {
                "type": "object",
                "required": [
                  "base",
                  "delta",
                  "priceChangePercent",
                  "divergesFromPrice",
                  "source"
                ],
                "properties": {
                  "base": {
                    "type": "string"
                  },
                  "delta": {
                    "type": "number",
                    "description": "Base units: taker buys minus taker sells over the window."
                  },
                  "lastBarDelta": {
                    "type": "number",
                    "description": "The last bar's delta (klines only)."
                  },
                  "priceChangePercent": {
                    "type": "number"
                  },
                  "divergesFromPrice": {
                    "type": "boolean"
                  },
                  "source": {
                    "$ref": "#/components/schemas/CVDSource"
                  }
                },
                "additionalProperties": false
              },
              "CVDReport": {
                "type": "object",
                "description": "Cumulative volume delta for spot and perp.",
                "required": [
                  "pair",
                  "exchange",
                  "failures"
                ],
                "properties": {
                  "pair": {
                    "type": "string"
                  },
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange"
                  },
                  "spot": {
                    "$ref": "#/components/schemas/CVDReading"
                  },
                  "perp": {
                    "$ref": "#/components/schemas/CVDReading"
                  },
                  "failures": {
                    "$ref": "#/components/schemas/FailuresByMarket"
                  }
                },
                "additionalProperties": false
              },
              "VolumeScanHit": {
                "type": "object",
                "required": [
                  "symbol",
                  "base",
                  "spike"
                ],
                "properties": {
                  "symbol": {
                    "type": "string",
                    "description": "The exchange's own id of the perpetual."
                  },
                  "base": {
                    "type": "string"
                  },
                  "spike": {
                    "$ref": "#/components/schemas/VolumeSpike"
                  }
                },
                "additionalProperties": false
              },
              "VolumeScanReport": {
                "type": "object",
                "required": [
                  "exchange",
                  "interval",
                  "threshold",
                  "scanned",
                  "hits",
                  "failed"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange"
                  },
                  "interval": {
                    "$ref": "#/components/schemas/Interval"
                  },
                  "threshold": {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "exclusiveMaximum": 1000,
                    "description": "Spike threshold, a multiple of the mean."
                  },
                  "scanned": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 50,
                    "description": "Perpetuals scanned (the top 50 by volume)."
                  },
                  "hits": {
                    "type": "array",
                    "maxItems": 50,
                    "items": {
                      "$ref": "#/components/schemas/VolumeScanHit"
                    },
                    "description": "Spikes, largest ratio to mean first."
                  },
                  "failed": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Symbols whose candles could not be read."
                  }
                },
                "additionalProperties": false
              },
              "HorizonChanges": {
                "type": "object",
                "description": "Percent change in coin terms, keyed by hours back; a horizon the history does not cover is absent.",
                "required": [],
                "properties": {
                  "1": {
                    "type": "number",
                    "description": "Percent change over 1 hour."
                  },
                  "4": {
                    "type": "number",
                    "description": "Percent change over 4 hours."
                  },
                  "24": {
                    "type": "number",
                    "description": "Percent change over 24 hours."
                  }
                },
                "additionalProperties": false
              },
              "OpenInterestVenue": {
                "type": "object",
                "required": [
                  "exchange",
                  "base",
                  "usd",
                  "sharePercent",
                  "changes"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange"
                  },
                  "base": {
                    "type": "number"
                  },
                  "usd": {
                    "type": "number"
                  },
                  "sharePercent": {
                    "type": "number"
                  },
                  "changes": {
                    "$ref": "#/components/schemas/HorizonChanges"
                  }
                },
                "additionalProperties": false
              },
              "OpenInterestReport": {
                "type": "object",
                "description": "Each venue's perpetual open interest, its share, the total, and coin-terms changes.",
                "required": [
                  "pair",
                  "base",
                  "venues",
                  "totalBase",
                  "totalUSD",
                  "totalChanges",
                  "totalChangesCover",
                  "failures",
                  "time"
                ],
                "properties": {
                  "pair": {
                    "type": "string"
                  },
                  "base": {
                    "type": "string"
                  },
                  "venues": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 6,
                    "items": {
                      "$ref": "#/components/schemas/OpenInterestVenue"
                    }
                  },
                  "totalBase": {
                    "type": "number"
                  },
                  "totalUSD": {
                    "type": "number"
                  },
                  "totalChanges": {
                    "$ref": "#/components/schemas/HorizonChanges"
                  },
                  "totalChangesCover": {
                    "type": "array",
                    "maxItems": 6,
                    "items": {
                      "$ref": "#/components/schemas/Exchange"
                    },
                    "description": "The venues whose history the total's changes are computed over."
                  },
                  "failures": {
                    "$ref": "#/components/schemas/FailuresByExchange"
                  },
                  "time": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Newest data time (ms since 1970)."
                  }
                },
                "additionalProperties": false
              },
              "AnalysisReport": {
                "type": "object",
                "description": "The measures (each absent when its input could not be had) and the signals they give.",
                "required": [
                  "pair",
                  "exchange",
                  "interval",
                  "price",
                  "ema",
                  "hasOpenInterestHistory",
                  "signals",
                  "time"
                ],
                "properties": {
                  "pair": {
                    "type": "string"
                  },
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange"
                  },
                  "interval": {
                    "$ref": "#/components/schemas/Interval"
                  },
                  "price": {
                    "type": "number"
                  },
                  "ema": {
                    "type": "object",
                    "description": "EMA of spot closes keyed by period in bars; a period without enough bars is absent.",
                    "required": [],
                    "properties": {
                      "20": {
                        "type": "number"
                      },
                      "50": {
                        "type": "number"
                      },
                      "200": {
                        "type": "number"
                      }
                    },
                    "additionalProperties": false
                  },
                  "trend": {
                    "type": "string",
                    "enum": [
                      "up",
                      "down",
                      "mixed"
                    ]
                  },
                  "rsi": {
                    "type": "number"
                  },
                  "rangePosition": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 100,
                    "description": "Where the price sits in the 24 h low-high range, 0-100."
                  },
                  "low24h": {
                    "type": "number"
                  },
                  "high24h": {
                    "type": "number"
                  },
                  "volumeRatio": {
                    "type": "number"
                  },
                  "cvdDelta": {
                    "type": "number"
                  },
                  "openInterestChange24h": {
                    "type": "number"
                  },
                  "hasOpenInterestHistory": {
                    "type": "boolean",
                    "description": "False where the exchange publishes no open-interest history (Bitget, MEXC)."
                  },
                  "fundingRate": {
                    "type": "number"
                  },
                  "fundingIntervalHours": {
                    "type": "number"
                  },
                  "basisPercent": {
                    "type": "number"
                  },
                  "signals": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "enum": [
                        "trendUp",
                        "trendDown",
                        "trendMixed",
                        "overbought",
                        "oversold",
                        "highVolume",
                        "netBuyers",
                        "netSellers",
                        "openInterestBuilding",
                        "openInterestUnwinding",
                        "highFunding",
                        "negativeFunding"
                      ]
                    }
                  },
                  "time": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Newest data time (ms since 1970)."
                  }
                },
                "additionalProperties": false
              },
              "AssetBalance": {
                "type": "object",
                "required": [
                  "asset",
                  "total",
                  "free"
                ],
                "properties": {
                  "asset": {
                    "type": "string"
                  },
                  "total": {
                    "type": "number"
                  },
                  "free": {
                    "type": "number"
                  },
                  "usdValue": {
                    "type": "number",
                    "description": "In USDT; absent when no price was found."
                  }
                },
                "additionalProperties": false
              },
              "AccountBalance": {
                "type": "object",
                "required": [
                  "exchange",
                  "assets",
                  "walletBalance",
                  "unrealizedPnl",
                  "marginBalance",
                  "availableBalance",
                  "totalEquity"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange"
                  },
                  "assets": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/AssetBalance"
                    }
                  },
                  "walletBalance": {
                    "type": "number"
                  },
                  "unrealizedPnl": {
                    "type": "number"
                  },
                  "marginBalance": {
                    "type": "number"
                  },
                  "availableBalance": {
                    "type": "number"
                  },
                  "totalEquity": {
                    "type": "number"
                  }
                },
                "additionalProperties": false
              },
              "Position": {
                "type": "object",
                "required": [
                  "exchange",
                  "symbol",
                  "side",
                  "size",
                  "notional",
                  "entryPrice",
                  "markPrice",
                  "leverage",
                  "unrealizedPnl",
                  "roePercent"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange"
                  },
                  "symbol": {
                    "type": "string"
                  },
                  "side": {
                    "type": "string",
                    "enum": [
                      "long",
                      "short"
                    ]
                  },
                  "size": {
                    "type": "number",
                    "description": "Base units."
                  },
                  "notional": {
                    "type": "number"
                  },
                  "entryPrice": {
                    "type": "number"
                  },
                  "markPrice": {
                    "type": "number"
                  },
                  "liquidationPrice": {
                    "type": "number"
                  },
                  "leverage": {
                    "type": "number"
                  },
                  "unrealizedPnl": {
                    "type": "number"
                  },
                  "roePercent": {
                    "type": "number",
                    "description": "Unrealised PnL over initial margin, in percent."
                  }
                },
                "additionalProperties": false
              },
              "PnLBreakdown": {
                "type": "object",
                "description": "Realised results over the period; `funding` and `commissions` are absent where the exchange folds them into `realized`.",
                "required": [
                  "exchange",
                  "realized",
                  "unrealized"
                ],
                "properties": {
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange"
                  },
                  "realized": {
                    "type": "number"
                  },
                  "funding": {
                    "type": "number"
                  },
                  "commissions": {
                    "type": "number"
                  },
                  "unrealized": {
                    "type": "number"
                  }
                },
                "additionalProperties": false
              },
              "AccountFailedEntry": {
                "type": "object",
                "description": "The exchange's read failed.",
                "required": [
                  "error",
                  "failure"
                ],
                "properties": {
                  "error": {
                    "type": "string",
                    "description": "The failure's English sentence."
                  },
                  "failure": {
                    "$ref": "#/components/schemas/MarketFailure"
                  }
                },
                "additionalProperties": false
              },
              "AccountNotConfiguredEntry": {
                "type": "object",
                "description": "No keys are configured for the exchange.",
                "required": [
                  "not_configured"
                ],
                "properties": {
                  "not_configured": {
                    "const": true
                  }
                },
                "additionalProperties": false
              },
              "BalanceEntry": {
                "oneOf": [
                  {
                    "type": "object",
                    "required": [
                      "value"
                    ],
                    "properties": {
                      "value": {
                        "$ref": "#/components/schemas/AccountBalance"
                      }
                    },
                    "additionalProperties": false
                  },
                  {
                    "$ref": "#/components/schemas/AccountFailedEntry"
                  },
                  {
                    "$ref": "#/components/schemas/AccountNotConfiguredEntry"
                  }
                ],
                "description": "One exchange's answer: `{\"value\": …}`, `{\"error\": …, \"failure\": {…}}` or `{\"not_configured\": true}`."
              },
              "PositionsEntry": {
                "oneOf": [
                  {
                    "type": "object",
                    "required": [
                      "value"
                    ],
                    "properties": {
                      "value": {
                        "type": "array",
                        "items": {
                          "$ref": "#/components/schemas/Position"
                        }
                      }
                    },
                    "additionalProperties": false
                  },
                  {
                    "$ref": "#/components/schemas/AccountFailedEntry"
                  },
                  {
                    "$ref": "#/components/schemas/AccountNotConfiguredEntry"
                  }
                ],
                "description": "One exchange's answer: `{\"value\": …}`, `{\"error\": …, \"failure\": {…}}` or `{\"not_configured\": true}`."
              },
              "PnLEntry": {
                "oneOf": [
                  {
                    "type": "object",
                    "required": [
                      "value"
                    ],
                    "properties": {
                      "value": {
                        "$ref": "#/components/schemas/PnLBreakdown"
                      }
                    },
                    "additionalProperties": false
                  },
                  {
                    "$ref": "#/components/schemas/AccountFailedEntry"
                  },
                  {
                    "$ref": "#/components/schemas/AccountNotConfiguredEntry"
                  }
                ],
                "description": "One exchange's answer: `{\"value\": …}`, `{\"error\": …, \"failure\": {…}}` or `{\"not_configured\": true}`."
              },
              "BalanceReport": {
                "type": "object",
                "required": [
                  "exchanges",
                  "dustUSD"
                ],
                "properties": {
                  "exchanges": {
                    "type": "object",
                    "description": "Every exchange, configured or not.",
                    "required": [
                      "binance",
                      "bybit",
                      "okx",
                      "bitget",
                      "gate",
                      "mexc"
                    ],
                    "properties": {
                      "binance": {
                        "$ref": "#/components/schemas/BalanceEntry"
                      },
                      "bybit": {
                        "$ref": "#/components/schemas/BalanceEntry"
                      },
                      "okx": {
                        "$ref": "#/components/schemas/BalanceEntry"
                      },
                      "bitget": {
                        "$ref": "#/components/schemas/BalanceEntry"
                      },
                      "gate": {
                        "$ref": "#/components/schemas/BalanceEntry"
                      },
                      "mexc": {
                        "$ref": "#/components/schemas/BalanceEntry"
                      }
                    },
                    "additionalProperties": false
                  },
                  "dustUSD": {
                    "type": "number",
                    "description": "Assets worth less than this (USDT) are left out."
                  }
                },
                "additionalProperties": false
              },
              "PositionsReport": {
                "type": "object",
                "required": [
                  "exchanges"
                ],
                "properties": {
                  "exchanges": {
                    "type": "object",
                    "description": "Every exchange, configured or not.",
                    "required": [
                      "binance",
                      "bybit",
                      "okx",
                      "bitget",
                      "gate",
                      "mexc"
                    ],
                    "properties": {
                      "binance": {
                        "$ref": "#/components/schemas/PositionsEntry"
                      },
                      "bybit": {
                        "$ref": "#/components/schemas/PositionsEntry"
                      },
                      "okx": {
                        "$ref": "#/components/schemas/PositionsEntry"
                      },
                      "bitget": {
                        "$ref": "#/components/schemas/PositionsEntry"
                      },
                      "gate": {
                        "$ref": "#/components/schemas/PositionsEntry"
                      },
                      "mexc": {
                        "$ref": "#/components/schemas/PositionsEntry"
                      }
                    },
                    "additionalProperties": false
                  }
                },
                "additionalProperties": false
              },
              "EquityChange": {
                "type": "object",
                "required": [
                  "startDay"
                ],
                "properties": {
                  "startDay": {
                    "type": "string",
                    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                    "description": "`YYYY-MM-DD` (UTC) of the snapshot compared against."
                  },
                  "before": {
                    "type": "number"
                  },
                  "after": {
                    "type": "number"
                  },
                  "firstDay": {
                    "type": "string",
                    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                    "description": "The first snapshot's day, when `before` is absent."
                  }
                },
                "additionalProperties": false
              },
              "PnLReport": {
                "type": "object",
                "required": [
                  "period",
                  "since",
                  "exchanges"
                ],
                "properties": {
                  "period": {
                    "$ref": "#/components/schemas/ReportPeriod"
                  },
                  "since": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Milliseconds since 1970 of the period's start."
                  },
                  "exchanges": {
                    "type": "object",
                    "description": "Every exchange, configured or not.",
                    "required": [
                      "binance",
                      "bybit",
                      "okx",
                      "bitget",
                      "gate",
                      "mexc"
                    ],
                    "properties": {
                      "binance": {
                        "$ref": "#/components/schemas/PnLEntry"
                      },
                      "bybit": {
                        "$ref": "#/components/schemas/PnLEntry"
                      },
                      "okx": {
                        "$ref": "#/components/schemas/PnLEntry"
                      },
                      "bitget": {
                        "$ref": "#/components/schemas/PnLEntry"
                      },
                      "gate": {
                        "$ref": "#/components/schemas/PnLEntry"
                      },
                      "mexc": {
                        "$ref": "#/components/schemas/PnLEntry"
                      }
                    },
                    "additionalProperties": false
                  },
                  "equityChange": {
                    "$ref": "#/components/schemas/EquityChange"
                  }
                },
                "additionalProperties": false
              },
              "APIError": {
                "type": "object",
                "description": "`{\"error\": …}`: a bad query (400, the English sentence), a missing or wrong bearer token (401) or an internal error (500).",
                "required": [
                  "error"
                ],
                "properties": {
                  "error": {
                    "type": "string",
                    "minLength": 1
                  }
                },
                "additionalProperties": false
              },
              "UnknownSymbolError": {
                "type": "object",
                "required": [
                  "error",
                  "symbol",
                  "suggestions"
                ],
                "properties": {
                  "error": {
                    "const": "unknown symbol"
                  },
                  "symbol": {
                    "type": "string",
                    "description": "The symbol as given."
                  },
                  "suggestions": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  }
                },
                "additionalProperties": false
              },
              "ExchangeFailureError": {
                "type": "object",
                "description": "An exchange that failed; `exchange` is absent when the failure names none.",
                "required": [
                  "error",
                  "failure"
                ],
                "properties": {
                  "error": {
                    "type": "string",
                    "description": "The failure's English sentence."
                  },
                  "exchange": {
                    "$ref": "#/components/schemas/Exchange"
                  },
                  "failure": {
                    "$ref": "#/components/schemas/MarketFailure"
                  }
                },
                "additionalProperties": false
              },
              "OpenAPIDocument": {
                "type": "object",
                "required": [
                  "openapi",
                  "info",
                  "paths"
                ],
                "properties": {
                  "openapi": {
                    "type": "string",
                    "pattern": "^3\\.1\\.[0-9]+$"
                  }
                }
              }
            }
          }
        }
        """#
}
