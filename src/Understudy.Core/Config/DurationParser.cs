using System.Globalization;

namespace Understudy.Core.Config;

/// <summary>
/// Durations as written in a cluster file: a decimal number followed by a unit, with nothing
/// between them: <c>250ms</c>, <c>1s</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>. A unit is
/// mandatory, because a bare <c>250</c> is milliseconds to one reader and seconds to another.
/// </summary>
public static class DurationParser
{
    private const string Expected = "write a number and a unit (ms, s, m, h), for example 250ms, 1.5s or 2m";

    /// <summary>Parses <paramref name="text"/>; false if it is not a duration.</summary>
    /// <param name="text">The text, for example <c>"250ms"</c>.</param>
    /// <param name="value">The duration, or <see cref="TimeSpan.Zero"/> on failure.</param>
    public static bool TryParse(string? text, out TimeSpan value) => TryParse(text, out value, out _);

    /// <summary>Parses <paramref name="text"/>; on failure, <paramref name="error"/> says why,
    /// quoting the text (for example that a plain number needs a unit).</summary>
    /// <param name="text">The text, for example <c>"250ms"</c>.</param>
    /// <param name="value">The duration, or <see cref="TimeSpan.Zero"/> on failure.</param>
    /// <param name="error">Null on success; otherwise a message for the user.</param>
    public static bool TryParse(string? text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = $"a duration is required; {Expected}";
            return false;
        }

        var unitStart = text.Length;
        while (unitStart > 0 && char.IsAsciiLetter(text[unitStart - 1]))
        {
            unitStart--;
        }

        var number = text[..unitStart];
        var unit = text[unitStart..];
        if (!IsDecimal(number) || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            error = $"'{YamlText.Quote(text)}' is not a duration; {Expected}";
            return false;
        }

        if (unit.Length == 0)
        {
            error = $"'{text}' has no unit; write for example {number}ms or {number}s";
            return false;
        }

        if (TicksPer(unit) is not { } ticksPerUnit)
        {
            error = $"'{YamlText.Quote(text)}' has an unknown unit '{YamlText.Quote(unit)}'; use ms, s, m or h";
            return false;
        }

        var ticks = decimal.Round(amount * ticksPerUnit);
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            error = $"'{YamlText.Quote(text)}' is too long a duration";
            return false;
        }

        value = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    /// <summary>Writes <paramref name="value"/> the way a cluster file would, in the largest unit
    /// that shows it exactly: <c>250ms</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>.</summary>
    /// <param name="value">A duration of zero or more.</param>
    public static string Format(TimeSpan value)
    {
        var ticks = value.Ticks;
        if (ticks != 0 && ticks % TimeSpan.TicksPerHour == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{ticks / TimeSpan.TicksPerHour}h");
        }

        if (ticks != 0 && ticks % TimeSpan.TicksPerMinute == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{ticks / TimeSpan.TicksPerMinute}m");
        }

        return Math.Abs(ticks) >= TimeSpan.TicksPerSecond
            ? string.Create(CultureInfo.InvariantCulture, $"{(decimal)ticks / TimeSpan.TicksPerSecond}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(decimal)ticks / TimeSpan.TicksPerMillisecond}ms");
    }

    private static long? TicksPer(string unit) => unit switch
    {
        "ms" => TimeSpan.TicksPerMillisecond,
        "s" => TimeSpan.TicksPerSecond,
        "m" => TimeSpan.TicksPerMinute,
        "h" => TimeSpan.TicksPerHour,
        _ => null,
    };

    // Digits with at most one decimal point and a digit on both sides of it: no sign, no
    // exponent, no thousands separators, and few enough digits that decimal cannot overflow.
    private static bool IsDecimal(string number)
    {
        var point = number.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? number : number[..point];
        var fraction = point < 0 ? "0" : number[(point + 1)..];
        return whole.Length is > 0 and <= 15
            && fraction.Length is > 0 and <= 9
            && whole.All(char.IsAsciiDigit)
            && fraction.All(char.IsAsciiDigit);
    }
}
