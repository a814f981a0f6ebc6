using System.Collections.Concurrent;
using Understudy.Node.Native;

namespace Understudy.Node.Nlb.Loop;

/// <summary>Something registered with an <see cref="EventLoop"/>: told, on the loop's thread, when its descriptor is ready.</summary>
internal interface IReadyHandler
{
    void OnReady(int fd, uint events);
}

/// <summary>
/// One thread waiting on one epoll set and running every handler of its descriptors itself:
/// readiness becomes a recv and a send on the same thread, with no hand-off to another. Work from
/// other threads (a member's connections dropped, the loop stopped) is posted and the loop woken
/// through an eventfd. Everything else on a loop touches its state from its own thread only.
/// </summary>
internal sealed unsafe class EventLoop : IDisposable
{
    private const int MaxEvents = 256;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly Dictionary<int, (IReadyHandler Handler, uint Serial)> _handlers = [];
    private readonly List<Action<long>> _tickers = [];
    private readonly TimeProvider _time;
    private uint _serial;
    private volatile bool _stopping;

    public EventLoop(string name, TimeProvider time)
    {
        _time = time;
        _epoll = Libc.EpollCreate(Libc.SockCloexec);
        _wake = Libc.EventFd(0, Libc.SockNonBlock | Libc.SockCloexec);
        if (_epoll < 0 || _wake < 0)
        {
            throw new IOException($"NLB forwarding loop: epoll/eventfd failed (errno {Libc.Errno})");
        }

        Libc.Control(_epoll, Libc.EpollCtlAdd, _wake, Libc.EpollIn, (ulong)(uint)_wake);
        Buffer = GC.AllocateUninitializedArray<byte>(64 * 1024, pinned: true);
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    /// <summary>The loop's one receive buffer: bytes go from recv straight to send, copied
    /// elsewhere only when the receiver cannot take them all at once.</summary>
    public byte[] Buffer { get; }

    /// <summary>Time, for deadlines.</summary>
    public TimeProvider Time => _time;

    /// <summary>The timestamp taken when the loop last woke (loop thread): one clock read per wake-up, not per event.</summary>
    public long Now { get; private set; }

    public void Start() => _thread.Start();

    /// <summary>Runs <paramref name="action"/> on the loop's thread soon.</summary>
    public void Post(Action action)
    {
        _posted.Enqueue(action);
        ulong one = 1;
        Libc.Write(_wake, (byte*)&one, sizeof(ulong));
    }

    /// <summary>Calls <paramref name="ticker"/> with the current timestamp at least every 100 ms (loop thread only).</summary>
    public void AddTicker(Action<long> ticker) => _tickers.Add(ticker);

    /// <summary>Watches <paramref name="fd"/> for <paramref name="events"/> (loop thread, or before <see cref="Start"/>).</summary>
    public bool Add(int fd, uint events, IReadyHandler handler)
    {
        var serial = ++_serial;
        if (Libc.Control(_epoll, Libc.EpollCtlAdd, fd, events, Data(fd, serial)) != 0)
        {
            return false;
        }

        _handlers[fd] = (handler, serial);
        return true;
    }

    /// <summary>Changes what <paramref name="fd"/> is watched for.</summary>
    public void Modify(int fd, uint events)
    {
        if (_handlers.TryGetValue(fd, out var entry))
        {
            Libc.Control(_epoll, Libc.EpollCtlMod, fd, events, Data(fd, entry.Serial));
        }
    }

    /// <summary>Stops watching <paramref name="fd"/> (before it is closed: a later descriptor with
    /// the same number gets a new serial, so stale events for the old one are ignored).</summary>
    public void Remove(int fd)
    {
        if (_handlers.Remove(fd))
        {
            Libc.Control(_epoll, Libc.EpollCtlDel, fd, 0, 0);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        Post(static () => { });
        if (_thread.IsAlive && _thread != Thread.CurrentThread)
        {
            _thread.Join();
        }

        Libc.Close(_wake);
        Libc.Close(_epoll);
    }

    private static ulong Data(int fd, uint serial) => ((ulong)serial << 32) | (uint)fd;

    private void Run()
    {
        var events = stackalloc byte[MaxEvents * Libc.EpollEventSize];
        var nextTick = _time.GetTimestamp();
        var tickTicks = (long)(Tick.TotalSeconds * _time.TimestampFrequency);
        while (!_stopping)
        {
            var count = Libc.EpollWait(_epoll, events, MaxEvents, (int)Tick.TotalMilliseconds);
            Now = _time.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var (ready, data) = Libc.EventAt(events, i);
                var fd = (int)(uint)data;
                if (fd == _wake)
                {
                    RunPosted();
                }
                else if (_handlers.TryGetValue(fd, out var entry) && entry.Serial == (uint)(data >> 32))
                {
                    entry.Handler.OnReady(fd, ready);
                }
            }

            var now = Now;
            if (now >= nextTick)
            {
                nextTick = now + tickTicks;
                foreach (var ticker in _tickers)
                {
                    ticker(now);
                }
            }
        }

        RunPosted();
    }

    private void RunPosted()
    {
        ulong value;
        Libc.Read(_wake, (byte*)&value, sizeof(ulong));
        while (_posted.TryDequeue(out var action))
        {
            action();
        }
    }
}
