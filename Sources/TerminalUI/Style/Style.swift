/// How a cell looks: colours plus attributes. `Style()` is the terminal default.
///
/// Colours are stored packed in 32 bits each so that comparing styles (done for every cell
/// of every frame by `ScreenBuffer.diff`) is two integer compares.
public struct Style: Hashable, Sendable, CustomStringConvertible {
  private var packedForeground: UInt32
  private var packedBackground: UInt32
  public var attributes: TextAttributes

  public var foreground: Color {
    get { Color(packed: packedForeground) }
    set { packedForeground = newValue.packed }
  }

  public var background: Color {
    get { Color(packed: packedBackground) }
    set { packedBackground = newValue.packed }
  }

  public init(
    foreground: Color = .default, background: Color = .default, attributes: TextAttributes = []
  ) {
    self.packedForeground = foreground.packed
    self.packedBackground = background.packed
    self.attributes = attributes
  }

  public static let plain = Style()

  /// A copy with a different foreground.
  public func fg(_ color: Color) -> Style {
    var s = self
    s.foreground = color
    return s
  }

  /// A copy with a different background.
  public func bg(_ color: Color) -> Style {
    var s = self
    s.background = color
    return s
  }

  /// A copy with extra attributes.
  public func adding(_ attributes: TextAttributes) -> Style {
    var s = self
    s.attributes.formUnion(attributes)
    return s
  }

  /// This style with the other one laid over it: non-default colours of `other` win,
  /// attributes are united.
  public func patched(with other: Style) -> Style {
    Style(
      foreground: other.foreground == .default ? foreground : other.foreground,
      background: other.background == .default ? background : other.background,
      attributes: attributes.union(other.attributes))
  }

  /// The style as a terminal of `depth` can show it.
  public func degraded(to depth: ColorDepth) -> Style {
    Style(
      foreground: foreground.degraded(to: depth), background: background.degraded(to: depth),
      attributes: attributes)
  }

  public var description: String {
    var parts: [String] = []
    if foreground != .default { parts.append("fg=\(foreground)") }
    if background != .default { parts.append("bg=\(background)") }
    if !attributes.isEmpty { parts.append(attributes.description) }
    return parts.isEmpty ? "plain" : parts.joined(separator: " ")
  }
}
