using Understudy.Core.Config;

namespace Understudy.Core.Tests.Config;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("1s", 1_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("0ms", 0)]
    [InlineData("0.5ms", 0.5)]
    [InlineData("10s", 10_000)]
    [InlineData("007s", 7_000)]
    public void TryParse_ValidText_ReturnsDuration(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value, out var error));
        Assert.Null(error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("250", "has no unit")]
    [InlineData("1.5", "has no unit")]
    [InlineData("", "a duration is required")]
    [InlineData("ms", "is not a duration")]
    [InlineData("-1s", "is not a duration")]
    [InlineData("1 s", "is not a duration")]
    [InlineData("1.s", "is not a duration")]
    [InlineData(".5s", "is not a duration")]
    [InlineData("1e3ms", "is not a duration")]
    [InlineData("1m30s", "is not a duration")]
    [InlineData("1S", "unknown unit 'S'")]
    [InlineData("1d", "unknown unit 'd'")]
    [InlineData("999999999999999h", "too long")]
    public void TryParse_InvalidText_ReturnsFalseWithReason(string text, string reason)
    {
        Assert.False(DurationParser.TryParse(text, out var value, out var error));
        Assert.Equal(TimeSpan.Zero, value);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_PlainNumber_MessageAsksForUnit()
    {
        DurationParser.TryParse("250", out _, out var error);

        Assert.Equal("'250' has no unit; write for example 250ms or 250s", error);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(DurationParser.TryParse(null, out _));
    }

    [Theory]
    [InlineData(250, "250ms")]
    [InlineData(1_500, "1.5s")]
    [InlineData(10_000, "10s")]
    [InlineData(90_000, "90s")]
    [InlineData(120_000, "2m")]
    [InlineData(3_600_000, "1h")]
    [InlineData(0, "0ms")]
    public void Format_Duration_ReadsBackTheSame(double milliseconds, string expected)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);

        Assert.Equal(expected, DurationParser.Format(value));
        Assert.True(DurationParser.TryParse(expected, out var back));
        Assert.Equal(value, back);
    }
}
