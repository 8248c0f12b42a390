/// One terminal cell: a grapheme, its display width and its style.
///
/// A wide grapheme (width 2) occupies its cell and the next one; the next one is a
/// *continuation* cell (`width == 0`, character " ") that terminals never draw on its own.
///
/// Single-scalar graphemes (almost all cells) are stored as a plain scalar value, so copying
/// and comparing cells (diff of every frame) needs no string work.
public struct Cell: Hashable, Sendable {
  private var glyph: Glyph
  /// Display width of `character`: 1, 2 (wide lead), or 0 (continuation of a wide lead).
  public var width: UInt8
  public var style: Style

  enum Glyph: Hashable, Sendable {
    case scalar(UInt32)
    case cluster(String)

    @inline(__always)
    init(_ character: Character) {
      if let ascii = character.asciiValue, ascii != 0x0A {
        self = .scalar(UInt32(ascii))
        return
      }
      let scalars = character.unicodeScalars
      if let first = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex {
        self = .scalar(first.value)
      } else {
        self = .cluster(String(character))
      }
    }
  }

  public init(_ character: Character = " ", width: UInt8 = 1, style: Style = .plain) {
    self.glyph = Glyph(character)
    self.width = width
    self.style = style
  }

  /// A narrow cell holding one printable ASCII byte.
  @inline(__always)
  init(ascii: UInt8, style: Style) {
    glyph = .scalar(UInt32(ascii))
    width = 1
    self.style = style
  }

  /// The grapheme shown in this cell (" " for blank and continuation cells).
  public var character: Character {
    get {
      switch glyph {
      case .scalar(let value): Character(Unicode.Scalar(value) ?? " ")
      case .cluster(let text): text.first ?? " "
      }
    }
    set { glyph = Glyph(newValue) }
  }

  public static let blank = Cell()

  /// True for the right half of a wide grapheme.
  public var isContinuation: Bool { width == 0 }

  static func continuation(_ style: Style) -> Cell { Cell(" ", width: 0, style: style) }
}
