import TerminalUI

/// A million computed rows: ids, names with CJK and emoji, amounts and NULLs.
struct DemoData: GridDataSource {
  var rowCount = 1_000_000
  var columnCount = 6

  func title(ofColumn column: Int) -> String {
    ["id", "name", "amount", "city", "note", "flag"][column % 6]
  }

  func cell(row: Int, column: Int) -> GridCell {
    switch column % 6 {
    case 0: return GridCell(String(row), kind: .number)
    case 1: return GridCell(["alice", "bob", "数据库", "zoë", "🚀 rocket"][row % 5])
    case 2: return row % 7 == 3 ? .null : GridCell(String(Double(row % 1000) / 4), kind: .number)
    case 3: return GridCell(["Paris", "東京", "São Paulo", "Zürich"][row % 4])
    case 4: return GridCell("note for row \(row) with some longer text")
    default: return GridCell(row % 2 == 0 ? "true" : "false")
    }
  }
}
