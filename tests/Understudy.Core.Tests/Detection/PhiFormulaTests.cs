using Understudy.Core.Detection;

namespace Understudy.Core.Tests.Detection;

public sealed class PhiFormulaTests
{
    /// <summary>The closed formula of Akka's PhiAccrualFailureDetector.phi, written out again so the
    /// table does not just call the code under test.</summary>
    private static double Expected(double t, double mean, double sd)
    {
        var y = (t - mean) / sd;
        var e = Math.Exp(-y * (1.5976 + (0.070566 * y * y)));
        var tail = t > mean ? e / (1.0 + e) : 1.0 - (1.0 / (1.0 + e));
        return -Math.Log10(tail);
    }

    [Theory]
    [InlineData(0, 750, 100)]
    [InlineData(500, 750, 100)]
    [InlineData(750, 750, 100)]
    [InlineData(850, 750, 100)]
    [InlineData(1000, 750, 100)]
    [InlineData(1250, 750, 100)]
    [InlineData(1300, 750, 100)]
    [InlineData(2000, 750, 100)]
    [InlineData(1000, 1000, 250)]
    [InlineData(2000, 1000, 250)]
    [InlineData(310, 250, 62.5)]
    public void Phi_MatchesClosedFormula(double sinceMs, double mean, double sd)
    {
        var phi = PhiAccrualDetector.Phi(TimeSpan.FromMilliseconds(sinceMs), mean, sd);

        Assert.Equal(Expected(sinceMs, mean, sd), phi, 12);
    }

    [Fact]
    public void Phi_AtMean_IsLog10Of2()
    {
        // y = 0: e = 1, so the tail is exactly 1/2.
        Assert.Equal(Math.Log10(2), PhiAccrualDetector.Phi(TimeSpan.FromMilliseconds(750), 750, 100), 15);
    }

    [Fact]
    public void Phi_KnownValues()
    {
        // One deviation past the mean: tail = e/(1+e), e = exp(-(1.5976 + 0.070566)).
        var e1 = Math.Exp(-1.668166);
        Assert.Equal(-Math.Log10(e1 / (1 + e1)), PhiAccrualDetector.Phi(TimeSpan.FromMilliseconds(850), 750, 100), 12);
        Assert.Equal(0.79951, PhiAccrualDetector.Phi(TimeSpan.FromMilliseconds(850), 750, 100), 5);
        Assert.Equal(double.PositiveInfinity, PhiAccrualDetector.Phi(TimeSpan.FromHours(1), 750, 100));
    }

    [Fact]
    public void Phi_GrowsWithSilence()
    {
        var previous = double.NegativeInfinity;
        for (var ms = 0; ms <= 2500; ms += 5)
        {
            var phi = PhiAccrualDetector.Phi(TimeSpan.FromMilliseconds(ms), 750, 100);
            Assert.True(phi >= previous, $"phi fell at {ms} ms: {phi} < {previous}");
            Assert.True(phi >= 0);
            previous = phi;
        }

        Assert.True(previous > 8);
    }

    [Fact]
    public void Phi_ShrinksWithDeviation()
    {
        var narrow = PhiAccrualDetector.Phi(TimeSpan.FromMilliseconds(1100), 750, 100);
        var wide = PhiAccrualDetector.Phi(TimeSpan.FromMilliseconds(1100), 750, 300);

        Assert.True(narrow > wide);
    }
}
