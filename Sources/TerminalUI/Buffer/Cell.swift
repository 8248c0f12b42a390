/// One terminal cell: a grapheme, its display width and its style.
///
/// A wide grapheme (width 2) occupies its cell and the next one; the next one is a
/// *continuation* cell (`width == 0`, character " ") that terminals never draw on its own.
public struct Cell: Hashable, Sendable {
  /// The grapheme shown in this cell (" " for blank and continuation cells).
  public var character: Character
  /// Display width of `character`: 1, 2 (wide lead), or 0 (continuation of a wide lead).
  public var width: UInt8
  public var style: Style

  public init(_ character: Character = " ", width: UInt8 = 1, style: Style = .plain) {
    self.character = character
    self.width = width
    self.style = style
  }

  public static let blank = Cell()

  /// True for the right half of a wide grapheme.
  public var isContinuation: Bool { width == 0 }

  static func continuation(_ style: Style) -> Cell { Cell(" ", width: 0, style: style) }
}
