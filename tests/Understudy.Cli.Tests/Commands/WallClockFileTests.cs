using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Understudy.Cli.Commands;

namespace Understudy.Cli.Tests.Commands;

/// <summary>A running node's wall clock steps when its <c>--wall-clock-file</c> changes, and only its wall clock.</summary>
public sealed class WallClockFileTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("understudy-clock-").FullName;

    private string FilePath => Path.Combine(_folder, "wall-clock");

    [Fact]
    public async Task FileChanges_OffsetFollows_MonotonicClockUntouched()
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        var clock = new WallClockOffset(real, TimeSpan.Zero);
        Write("3600");
        using var file = new WallClockFile(FilePath, clock);

        Assert.Equal(TimeSpan.FromHours(1), clock.Offset);   // read at once
        Assert.Equal(real.GetUtcNow() + TimeSpan.FromHours(1), clock.GetUtcNow());
        Assert.Equal(real.GetTimestamp(), clock.GetTimestamp());

        Write("-2.5");
        await UntilAsync(() => clock.Offset == TimeSpan.FromSeconds(-2.5), "the step back to -2.5 s");
        Write("0");
        await UntilAsync(() => clock.Offset == TimeSpan.Zero, "the step to the real clock");
    }

    [Fact]
    public async Task NotANumber_OffsetKept_NextNumberRead()
    {
        var clock = new WallClockOffset(TimeProvider.System, TimeSpan.FromSeconds(5));
        using (new WallClockFile(FilePath, clock))
        {
            Assert.Equal(TimeSpan.FromSeconds(5), clock.Offset);   // no file: the offset it started with
        }

        Write("soon");
        using var file = new WallClockFile(FilePath, clock);   // reads at once
        Assert.Equal(TimeSpan.FromSeconds(5), clock.Offset);
        Write("NaN");
        Write("12");
        await UntilAsync(() => clock.Offset == TimeSpan.FromSeconds(12), "the number after the refused ones");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string text)
    {
        File.WriteAllText(FilePath + ".tmp", text);
        File.Move(FilePath + ".tmp", FilePath, overwrite: true);
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Deadline, $"not within {Deadline}: {what}");
            await Task.Delay(WallClockFile.Poll);
        }
    }
}
