using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>How YAML nodes and values appear in error messages.</summary>
internal static class YamlText
{
    private const int MaxQuoted = 64;

    /// <summary>True for an empty or null scalar: <c>key:</c>, <c>key: ~</c>, <c>key: null</c>.
    /// A quoted empty string is a value, not null.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>What kind of node this is, never its content (it may be a secret).</summary>
    public static string Describe(YamlNode node) => node switch
    {
        _ when IsNull(node) => "nothing",
        YamlScalarNode => "a single value",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an unsupported YAML node",
    };

    /// <summary>A value made safe to quote in a message: control characters escaped, long values cut.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder();
        foreach (var c in value.Length > MaxQuoted ? value[..MaxQuoted] : value)
        {
            if (char.IsControl(c))
            {
                text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return value.Length > MaxQuoted ? text.Append("...").ToString() : text.ToString();
    }
}
