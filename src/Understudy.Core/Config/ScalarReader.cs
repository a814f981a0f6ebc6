using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Understudy.Core.Config;

/// <summary>
/// Reads single values of the cluster file. Each method reports what is wrong with the value,
/// quoting it, and returns null so that the caller carries on with the next setting.
/// </summary>
internal static class ScalarReader
{
    /// <summary>The text of a scalar; reports lists, mappings and empty values.</summary>
    public static string? Text(YamlNode node, string path, ConfigErrorList errors)
    {
        if (YamlText.IsNull(node))
        {
            errors.Add(path, node, "a value is required");
            return null;
        }

        if (node is not YamlScalarNode { Value: { } text })
        {
            errors.Add(path, node, $"expected a single value; found {YamlText.Describe(node)}");
            return null;
        }

        return text;
    }

    /// <summary>A whole number in <paramref name="min"/>..<paramref name="max"/>.</summary>
    public static int? Integer(YamlNode node, string path, int min, int max, ConfigErrorList errors)
    {
        if (Text(node, path, errors) is not { } text)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(path, node, $"'{YamlText.Quote(text)}' is not a whole number");
            return null;
        }

        if (value < min || value > max)
        {
            errors.Add(path, node, $"{value} is out of range; expected {min}..{max}");
            return null;
        }

        return (int)value;
    }

    /// <summary>A finite number with <paramref name="exclusiveMin"/> &lt; value &lt;= <paramref name="max"/>.</summary>
    public static double? Number(YamlNode node, string path, double exclusiveMin, double max, ConfigErrorList errors)
    {
        if (Text(node, path, errors) is not { } text)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            errors.Add(path, node, $"'{YamlText.Quote(text)}' is not a number");
            return null;
        }

        if (value <= exclusiveMin || value > max)
        {
            errors.Add(path, node, string.Create(CultureInfo.InvariantCulture, $"{text} is out of range; expected more than {exclusiveMin} and at most {max}"));
            return null;
        }

        return value;
    }

    /// <summary><c>true</c> or <c>false</c> (YAML 1.2 spellings; <c>yes</c>/<c>no</c> are rejected
    /// because YAML 1.1 and 1.2 readers disagree about them).</summary>
    public static bool? Boolean(YamlNode node, string path, ConfigErrorList errors)
    {
        switch (Text(node, path, errors))
        {
            case null:
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            case var text:
                errors.Add(path, node, $"'{YamlText.Quote(text)}' is not a boolean; expected true or false");
                return null;
        }
    }

    /// <summary>A duration (see <see cref="DurationParser"/>) in <paramref name="min"/>..<paramref name="max"/>.</summary>
    public static TimeSpan? Duration(YamlNode node, string path, TimeSpan min, TimeSpan max, ConfigErrorList errors)
    {
        if (Text(node, path, errors) is not { } text)
        {
            return null;
        }

        if (!DurationParser.TryParse(text, out var value, out var error))
        {
            errors.Add(path, node, error ?? $"'{YamlText.Quote(text)}' is not a duration");
            return null;
        }

        if (value < min || value > max)
        {
            errors.Add(path, node, $"{YamlText.Quote(text)} is out of range; expected {DurationParser.Format(min)}..{DurationParser.Format(max)}");
            return null;
        }

        return value;
    }
}
