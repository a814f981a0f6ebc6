using System.CommandLine.Parsing;
using System.Globalization;

namespace Understudy.Cli.Commands;

/// <summary>Reads a duration option: <c>500ms</c>, <c>30s</c>, <c>2m</c>, or a TimeSpan such as <c>00:01:30</c>.</summary>
internal static class DurationArgument
{
    /// <summary>The longest wait anyone means: longer is a typo.</summary>
    private static readonly TimeSpan Longest = TimeSpan.FromHours(24);

    public static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (TryParse(text) is { } value && value > TimeSpan.Zero && value <= Longest)
        {
            return value;
        }

        result.AddError($"{result.Parent?.ToString() ?? "duration"}: '{text}' is not a duration between 1ms and 24h (e.g. 500ms, 30s, 2m, 00:01:30)");
        return TimeSpan.Zero;
    }

    internal static TimeSpan? TryParse(string text)
    {
        (string Suffix, Func<double, TimeSpan> Make)[] units = [("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours)];
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            {
                return make(n);
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
    }
}
