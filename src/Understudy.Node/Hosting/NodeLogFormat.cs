namespace Understudy.Node.Hosting;

/// <summary>How a node writes its log lines (<c>understudy node run --log-format</c>).</summary>
public enum NodeLogFormat
{
    /// <summary>The journal's format under systemd, else <see cref="Text"/>.</summary>
    Auto,

    /// <summary>One line per event with a millisecond timestamp.</summary>
    Text,

    /// <summary>One JSON object per line (<c>Timestamp</c>, <c>EventId</c>, <c>LogLevel</c>, <c>Category</c>, <c>Message</c>, <c>State</c>), for a log shipper.</summary>
    Json,

    /// <summary><c>&lt;6&gt;category[id] message</c>: the priority prefix journald reads, no timestamp.</summary>
    Journald,
}
