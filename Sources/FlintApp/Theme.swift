import TerminalUI

/// The app's styles (one place, so a theme file can override them later).
public enum Theme {
  public static let border = Style(attributes: .dim)
  public static let focusedBorder = Style(foreground: .cyan, attributes: .bold)
  public static let title = Style(attributes: .bold)
  public static let statusBar = Style(foreground: .black, background: .white)
  public static let statusError = Style(foreground: .white, background: .red, attributes: .bold)
  public static let statusOK = Style(foreground: .black, background: .green)
  public static let statusBusy = Style(foreground: .black, background: .yellow)
  public static let keyword = Style(foreground: .blue, attributes: .bold)
  public static let string = Style(foreground: .green)
  public static let number = Style(foreground: .magenta)
  public static let comment = Style(foreground: .brightBlack, attributes: .italic)
  public static let identifier = Style(foreground: .cyan)
  public static let function = Style(foreground: .yellow)
  public static let errorUnderline = Style(foreground: .red, attributes: [.underline, .bold])
  public static let errorText = Style(foreground: .red, attributes: .bold)
  public static let hint = Style(attributes: .dim)
  public static let null = Style(foreground: .brightBlack, attributes: .italic)
  public static let gridHeader = Style(foreground: .cyan, attributes: [.bold, .underline])
  public static let banner = Style(foreground: .white, background: .red, attributes: .bold)
  public static let overlayBorder = Style(foreground: .cyan)
  public static let selection = Style(attributes: .reverse)
}
