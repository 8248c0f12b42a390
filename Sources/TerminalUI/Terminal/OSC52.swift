import Foundation

/// The OSC 52 escape that asks the terminal to put text on the system clipboard.
public enum OSC52 {
  /// `ESC ] 52 ; c ; <base64> BEL`.
  public static func sequence(for text: String) -> String {
    "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
  }
}
