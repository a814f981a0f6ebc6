using System.Globalization;

namespace Understudy.Cli.Commands;

/// <summary>
/// Failure injection (<c>node run --wall-clock-file PATH</c>, hidden; <c>scenario chaos</c>): the
/// node's wall-clock offset is the number of seconds the file holds, read again whenever the file
/// changes (checked every <see cref="Poll"/> on the monotonic clock), so a test steps the clock of
/// a running node by writing the file. No file, or one that does not hold a number, leaves the
/// offset as it is (the latter said once on stderr).
/// </summary>
internal sealed class WallClockFile : IDisposable
{
    /// <summary>How often the file is looked at: a step lands within this, far below a lease.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly string _path;
    private readonly WallClockOffset _clock;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private DateTime _seen = DateTime.MinValue;
    private bool _complained;

    public WallClockFile(string path, WallClockOffset clock)
    {
        _path = path;
        _clock = clock;
        Read();
        _timer = TimeProvider.System.CreateTimer(_ => Read(), null, Poll, Poll);
    }

    public void Dispose() => _timer.Dispose();

    private void Read()
    {
        lock (_gate)
        {
            try
            {
                var written = File.GetLastWriteTimeUtc(_path);
                if (!File.Exists(_path) || written == _seen)
                {
                    return;
                }

                _seen = written;
                var text = File.ReadAllText(_path).Trim();
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
                {
                    _clock.Offset = TimeSpan.FromSeconds(seconds);
                    _complained = false;
                }
                else if (!_complained)
                {
                    _complained = true;
                    Console.Error.WriteLine($"{_path}: '{text}' is not a number of seconds; the wall-clock offset stays {_clock.Offset.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
                }
            }
            catch (IOException)
            {
                // Being rewritten: read on the next poll.
                _seen = DateTime.MinValue;
            }
        }
    }
}
