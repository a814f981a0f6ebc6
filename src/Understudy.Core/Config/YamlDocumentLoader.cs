using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>Turns the text of a cluster file into the root node of its one YAML document,
/// reporting syntax errors, an empty file and extra documents instead of throwing.</summary>
internal static class YamlDocumentLoader
{
    /// <summary>Deepest nesting accepted. A cluster file needs four levels; the limit stops a
    /// hostile file from exhausting the stack of the recursive representation model.</summary>
    public const int MaxDepth = 32;

    public static YamlNode? Load(string text, ConfigErrorList errors)
    {
        try
        {
            if (!IsWithinDepth(text, errors))
            {
                return null;
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || YamlText.IsNull(stream.Documents[0].RootNode))
            {
                errors.Add(string.Empty, new Mark(), $"the file is empty; expected the sections {string.Join(", ", ClusterFileSections.Keys)}");
                return null;
            }

            if (stream.Documents.Count > 1)
            {
                errors.Add(string.Empty, stream.Documents[1].RootNode, $"expected one YAML document; found {stream.Documents.Count}");
                return null;
            }

            return stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            errors.Add(string.Empty, e.Start, $"YAML syntax error: {WithoutQuotedText(WithoutPosition(e.Message))}");
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            errors.AddWithoutPosition(string.Empty, "YAML syntax error: the file cannot be read as YAML");
            return null;
        }
    }

    // The event parser keeps its own stack, so it can measure depth safely before the
    // representation model (which recurses once per level) is built. This pass also meets every
    // syntax error first, including the few for which YamlDotNet throws something other than a
    // YamlException (an InvalidOperationException for "name: {demo" followed by more lines).
    private static bool IsWithinDepth(string text, ConfigErrorList errors)
    {
        var scanner = new Scanner(new StringReader(text));
        var parser = new Parser(scanner);
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart when ++depth > MaxDepth:
                        errors.Add(string.Empty, parser.Current.Start, $"the file nests deeper than {MaxDepth} levels");
                        return false;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (Exception e) when (e is not YamlException and (InvalidOperationException or ArgumentException or FormatException or IndexOutOfRangeException))
        {
            errors.Add(string.Empty, scanner.CurrentPosition, "YAML syntax error: the text here cannot be read as YAML");
            return false;
        }

        return true;
    }

    // YamlDotNet quotes pieces of the input in some messages ("The anchor '...' does not
    // exists"); a piece may be the cluster secret, so every quoted piece is elided.
    private static string WithoutQuotedText(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, "'[^']*'", "'…'");

    // YamlDotNet prefixes its messages with "(Line: 3, Col: 7, Idx: 20) - (Line: ...): "; the
    // position is already in the error's Line and Column.
    private static string WithoutPosition(string message)
    {
        const string Separator = "): ";
        var end = message.StartsWith("(Line:", StringComparison.Ordinal) ? message.IndexOf(Separator, StringComparison.Ordinal) : -1;
        var second = end < 0 ? -1 : message.IndexOf(Separator, end + Separator.Length, StringComparison.Ordinal);
        return second >= 0 && message.AsSpan(end, second - end).Contains(" - (", StringComparison.Ordinal)
            ? message[(second + Separator.Length)..]
            : end >= 0 ? message[(end + Separator.Length)..] : message;
    }
}
