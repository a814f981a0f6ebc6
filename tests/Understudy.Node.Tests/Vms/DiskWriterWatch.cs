using System.Globalization;

namespace Understudy.Node.Tests.Vms;

/// <summary>
/// Counts, every 20 ms, the VMs that hold a disk file for writing, and keeps the most seen at
/// once. A QEMU that writes an image holds an OFD lock over byte 101 of it (its image locking:
/// byte 100 + the bit of the write permission), which <c>/proc/locks</c> lists by the file's
/// inode; a QEMU refused the disk never gets it. A disk on shared storage must never have two.
/// </summary>
internal sealed class DiskWriterWatch : IDisposable
{
    private const long WritePermissionByte = 101;

    private readonly string _inode;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _most;
    private int _samples;

    public DiskWriterWatch(string disk)
    {
        _inode = ":" + InodeOf(disk).ToString(CultureInfo.InvariantCulture) + " ";
        _loop = Task.Run(LoopAsync);
    }

    public int MostAtOnce => Volatile.Read(ref _most);

    public int Samples => Volatile.Read(ref _samples);

    /// <summary>How many write locks the disk has now.</summary>
    public int WritersNow() => File.ReadLines("/proc/locks").Count(IsWriter);

    public void Dispose()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        _stop.Dispose();
    }

    private static long InodeOf(string path)
    {
        var stat = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(stat)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return long.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }

    // "2: OFDLCK ADVISORY  READ -1 fe:00:11666465 100 101"
    private bool IsWriter(string line)
    {
        if (!line.Contains("OFDLCK", StringComparison.Ordinal) || !line.Contains(_inode, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.TryParse(parts[^2], CultureInfo.InvariantCulture, out var start)
            && (parts[^1] == "EOF" || (long.TryParse(parts[^1], CultureInfo.InvariantCulture, out var end) && end >= WritePermissionByte))
            && start <= WritePermissionByte;
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!_stop.IsCancellationRequested)
        {
            var now = WritersNow();
            if (now > Volatile.Read(ref _most))
            {
                Volatile.Write(ref _most, now);
            }

            Interlocked.Increment(ref _samples);
            try
            {
                await timer.WaitForNextTickAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
