namespace Understudy.Node.VmRoles;

/// <summary>Live migrations this node took part in since it started, for the metrics
/// (<see cref="Metrics.VmMetrics"/>): sent away, fallen back to a stop and boot, received.</summary>
internal sealed class VmMigrationCounts
{
    private long _sent;
    private long _fellBack;
    private long _received;

    public long SentCount => Interlocked.Read(ref _sent);

    public long FellBackCount => Interlocked.Read(ref _fellBack);

    public long ReceivedCount => Interlocked.Read(ref _received);

    public void Sent() => Interlocked.Increment(ref _sent);

    public void FellBack() => Interlocked.Increment(ref _fellBack);

    public void Received() => Interlocked.Increment(ref _received);
}
