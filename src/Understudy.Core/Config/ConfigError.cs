using System.Text;

namespace Understudy.Core.Config;

/// <summary>
/// One problem found in a cluster file: where it is and what is wrong. Messages quote the
/// offending value so that the user can find it, except for the cluster key, which is never
/// quoted.
/// </summary>
/// <param name="Path">The setting, with the key names as written in the file, for example
/// <c>nodes[2].address</c>; empty for problems of the file as a whole (a YAML syntax error).</param>
/// <param name="Line">1-based line in the file, or null if the problem has no position.</param>
/// <param name="Column">1-based column in the file, or null if the problem has no position.</param>
/// <param name="Message">What is wrong and, where possible, what is expected.</param>
public sealed record ConfigError(string Path, int? Line, int? Column, string Message)
{
    /// <summary>The file the problem is in, as named by the caller of the parser; null if unknown.</summary>
    public string? Source { get; init; }

    /// <summary>Compiler style: <c>demo.yaml:12:5: nodes[2].address: '127.0.0.300' is not an IP address</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (!string.IsNullOrEmpty(Source))
        {
            text.Append(Source).Append(':');
        }

        if (Line is { } line)
        {
            text.Append(line).Append(':');
            if (Column is { } column)
            {
                text.Append(column).Append(':');
            }
        }

        if (text.Length > 0)
        {
            text.Append(' ');
        }

        if (Path.Length > 0)
        {
            text.Append(Path).Append(": ");
        }

        return text.Append(Message).ToString();
    }
}
