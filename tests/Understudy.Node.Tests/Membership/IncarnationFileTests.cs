using Understudy.Node.Hosting;

namespace Understudy.Node.Tests.Membership;

/// <summary>Each start of a node gets a higher incarnation than the one before, whatever its wall clock did in between.</summary>
public sealed class IncarnationFileTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("understudy-incarnation-").FullName;

    [Fact]
    public void ClockSteppedBackBetweenStarts_NextStillHigher_Recorded()
    {
        var first = IncarnationFile.Claim(_data, 1_796_302_807_092);
        var second = IncarnationFile.Claim(_data, 1_796_302_807_092 - 1_715_000);
        var third = IncarnationFile.Claim(_data, 1_796_302_900_000);

        Assert.Equal(1_796_302_807_092, first);
        Assert.Equal(first + 1, second);
        Assert.Equal(1_796_302_900_000, third);
        Assert.Equal("1796302900000", File.ReadAllText(Path.Combine(_data, IncarnationFile.Name)));
        Assert.False(File.Exists(Path.Combine(_data, IncarnationFile.Name + ".tmp")));
    }

    [Fact]
    public void DamagedFile_TheWallClockDecides()
    {
        File.WriteAllText(Path.Combine(_data, IncarnationFile.Name), "12x");

        Assert.Equal(5_000, IncarnationFile.Claim(_data, 5_000));
        Assert.Equal(5_001, IncarnationFile.Claim(_data, 4_000));
    }

    [Fact]
    public void NoDataDirectoryYet_MadeAndRecorded()
    {
        var fresh = Path.Combine(_data, "new", "node");

        Assert.Equal(7, IncarnationFile.Claim(fresh, 7));
        Assert.True(File.Exists(Path.Combine(fresh, IncarnationFile.Name)));
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
