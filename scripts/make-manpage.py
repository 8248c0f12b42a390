#!/usr/bin/env python3
"""Writes flint(1) in roff from the command definitions themselves.

    flint --experimental-dump-help | scripts/make-manpage.py VERSION > flint.1

The input is swift-argument-parser's description of every command, option and argument (the
same source as `--help` and the shell completions), so the page cannot drift from the code.
"""

import json
import sys


def roff(text):
    """Escapes text for roff: backslashes, hyphens, and lines that would start a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def paragraphs(text):
    """The discussion's paragraphs (blank-line separated), each as its own roff paragraph."""
    out = []
    for block in text.strip().split("\n\n"):
        out.append(".PP")
        out.append(roff(block.strip()))
    return out


def spelling(name):
    return ("-" if name["kind"] == "short" else "--") + name["name"]


def option_lines(argument):
    names = argument.get("names") or []
    kind = argument["kind"]
    value = argument.get("valueName", "value")
    if kind == "positional":
        head = "\\fI<%s>\\fR" % roff(value)
        if argument.get("isRepeating"):
            head += " ..."
    else:
        head = ", ".join("\\fB%s\\fR" % roff(spelling(n)) for n in names)
        if kind == "option":
            head += " \\fI<%s>\\fR" % roff(value)
    text = argument.get("abstract", "")
    default = argument.get("defaultValue")
    if default not in (None, "") and kind != "flag":
        text += " (default: %s)" % default
    lines = [".TP", head, roff(text)]
    if argument.get("discussion"):
        discussion = argument["discussion"]
        if isinstance(discussion, dict):  # enumerated values: {"enumerated": {"values": [...]}}
            values = discussion.get("enumerated", {}).get("values", [])
            for entry in values:
                lines.append(".RS")
                lines.append(".TP")
                lines.append("\\fB%s\\fR" % roff(entry.get("value", "")))
                lines.append(roff(entry.get("description", "")))
                lines.append(".RE")
        else:
            lines.append(roff(str(discussion)))
    return lines


def visible(arguments):
    return [a for a in arguments or [] if a.get("shouldDisplay", True)]


def synopsis(path, command):
    parts = ["\\fB%s\\fR" % roff(" ".join(path))]
    args = visible(command.get("arguments"))
    if any(a["kind"] != "positional" for a in args):
        parts.append("[\\fIoptions\\fR]")
    for a in args:
        if a["kind"] == "positional":
            value = "<%s>" % roff(a.get("valueName", "value"))
            if a.get("isRepeating"):
                value += " ..."
            parts.append("[\\fI%s\\fR]" % value if a.get("isOptional") else "\\fI%s\\fR" % value)
    if command.get("subcommands"):
        parts.append("[\\fIsubcommand\\fR]")
    return " ".join(parts)


def command_section(path, command, out):
    out.append('.SS "%s"' % roff(" ".join(path)))
    out.append(roff(command.get("abstract", "")))
    out.append(".PP")
    out.append(synopsis(path, command))
    if command.get("discussion"):
        out.extend(paragraphs(command["discussion"]))
    args = visible(command.get("arguments"))
    if args:
        out.append(".PP")
        out.append("Options:")
        for argument in args:
            out.extend(option_lines(argument))
    for sub in command.get("subcommands") or []:
        if sub.get("shouldDisplay", True):
            command_section(path + [sub["commandName"]], sub, out)


def main():
    version = sys.argv[1] if len(sys.argv) > 1 else ""
    root = json.load(sys.stdin)["command"]
    name = root["commandName"]
    out = [
        '.TH %s 1 "" "%s %s" "User Commands"' % (name.upper(), name, roff(version)),
        ".SH NAME",
        "%s \\- %s" % (name, roff(root.get("abstract", ""))),
        ".SH SYNOPSIS",
        synopsis([name], root),
    ]
    for sub in root.get("subcommands") or []:
        if sub.get("shouldDisplay", True):
            out.extend([".br", synopsis([name, sub["commandName"]], sub)])
    out.append(".SH DESCRIPTION")
    out.extend(paragraphs(root.get("discussion", "")))
    default = root.get("defaultSubcommand")
    if default:
        out.append(".PP")
        out.append("Without a subcommand, \\fB%s\\fR runs \\fB%s %s\\fR." % (name, name, default))
    if visible(root.get("arguments")):
        out.append(".SH OPTIONS")
        for argument in visible(root.get("arguments")):
            out.extend(option_lines(argument))
    out.append(".SH COMMANDS")
    for sub in root.get("subcommands") or []:
        if sub.get("shouldDisplay", True):
            command_section([name, sub["commandName"]], sub, out)
    out.extend([
        ".SH SEE ALSO",
        "The README of the Flint repository: keys, configuration (config.toml), themes, connections.",
    ])
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
