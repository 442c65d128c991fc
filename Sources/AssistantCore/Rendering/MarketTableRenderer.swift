import TelegramBotAPI

/// Rows of coins as one monospaced table (`<pre>`): what `/price` shows for a watchlist and
/// the digest lists. Columns are padded to their widest cell so that they line up in every
/// Telegram client.
enum MarketTableRenderer {
    static func table(_ rows: [MarketRow], openInterest: Bool = false, _ say: Phrasebook) -> String {
        let header = openInterest ? say.keeping.tableColumnsWithOpenInterest : say.keeping.tableColumns
        var cells: [[String]] = rows.map { row in
            var line = [
                row.base, row.price.map(NumberFormat.price) ?? "—",
                row.changePercent.map { NumberFormat.percent($0) } ?? "—",
                row.fundingPercent.map { NumberFormat.fixed($0, 4) + "%" } ?? "—",
            ]
            if openInterest { line.append(row.openInterestChangePercent.map { NumberFormat.percent($0) } ?? "—") }
            return line
        }
        guard !cells.isEmpty else { return "" }
        let widths = cells[0].indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        cells = cells.map { line in
            line.enumerated().map { column, cell in
                // Names left, numbers right.
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }
        }
        let body = cells.map { $0.joined(separator: "  ") }.joined(separator: "\n")
        return "<i>\(header)</i>\n<pre>\(HTML.escape(body))</pre>"
    }
}
