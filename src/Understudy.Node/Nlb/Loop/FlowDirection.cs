using System.Buffers;

namespace Understudy.Node.Nlb.Loop;

/// <summary>One direction of a forwarded connection: whether its sender has closed, and the bytes
/// its receiver has not yet taken (kept in a pooled buffer only while there are some).</summary>
internal sealed class FlowDirection
{
    public byte[]? Pending { get; private set; }

    public int PendingOffset { get; private set; }

    public int PendingCount { get; private set; }

    public bool ReadClosed { get; set; }

    /// <summary>Read the sender only while nothing it sent is still waiting for the receiver.</summary>
    public bool Reading => !ReadClosed && PendingCount == 0;

    /// <summary>Keeps <paramref name="rest"/> after whatever is already pending.</summary>
    public void Keep(ReadOnlySpan<byte> rest)
    {
        if (rest.IsEmpty)
        {
            return;
        }

        if (Pending is { } old && PendingOffset + PendingCount + rest.Length <= old.Length)
        {
            rest.CopyTo(old.AsSpan(PendingOffset + PendingCount));
            PendingCount += rest.Length;
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(PendingCount + rest.Length);
        Pending?.AsSpan(PendingOffset, PendingCount).CopyTo(buffer);
        rest.CopyTo(buffer.AsSpan(PendingCount));
        var count = PendingCount + rest.Length;
        Release();
        Pending = buffer;
        PendingCount = count;
    }

    public void Sent(int count)
    {
        PendingOffset += count;
        PendingCount -= count;
        if (PendingCount == 0)
        {
            Release();
        }
    }

    public void Release()
    {
        if (Pending is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Pending = null;
        }

        PendingOffset = 0;
        PendingCount = 0;
    }
}
