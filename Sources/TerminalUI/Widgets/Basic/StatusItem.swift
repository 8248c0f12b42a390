/// One piece of text in a `StatusBar`.
public struct StatusItem: Hashable, Sendable {
  public var text: String
  public var style: Style?

  public init(_ text: String, style: Style? = nil) {
    self.text = text
    self.style = style
  }
}
