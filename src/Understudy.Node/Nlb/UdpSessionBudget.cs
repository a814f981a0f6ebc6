namespace Understudy.Node.Nlb;

/// <summary>The UDP sessions all of a node's UDP listeners may hold at once (<c>nlb.maxUdpSessions</c>).</summary>
internal sealed class UdpSessionBudget(int cap)
{
    private int _held;

    public int Cap => cap;

    /// <summary>Sessions held now.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Takes one session's place, or false when all are held.</summary>
    public bool TryTake()
    {
        while (true)
        {
            var held = Volatile.Read(ref _held);
            if (held >= cap)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _held, held + 1, held) == held)
            {
                return true;
            }
        }
    }

    /// <summary>Gives a place back (its session closed).</summary>
    public void Return() => Interlocked.Decrement(ref _held);
}
