namespace Understudy.Core.Nlb.Steering;

/// <summary>
/// What the steering program reads: for each bucket of a rule, the slot of its owner's node
/// (host priority − 1, so 0–31); and where each node's listener sits in the rule's socket array
/// (one row of <see cref="Slots"/> per port).
/// </summary>
public static class SteeringTable
{
    /// <summary>Slots per port: one per possible host priority (1–32).</summary>
    public const int Slots = 32;

    /// <summary>A bucket nobody owns: the program leaves the choice to the kernel.</summary>
    public const uint NoOwner = uint.MaxValue;

    /// <summary>The owner slot of every bucket of <paramref name="rule"/> in <paramref name="view"/>.</summary>
    public static uint[] Owners(NlbView view, RuleMap rule)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(rule);
        var slots = new uint[BucketMap.BucketCount];
        for (var bucket = 0; bucket < slots.Length; bucket++)
        {
            slots[bucket] = rule.Map.OwnerOf(bucket) is { } owner && view.Member(owner) is { } member
                ? SlotOf(member.HostPriority)
                : NoOwner;
        }

        return slots;
    }

    /// <summary>The key of the listener of the node with <paramref name="hostPriority"/> on
    /// <paramref name="port"/> in <paramref name="rule"/>'s socket array.</summary>
    public static uint SocketKey(PortRule rule, int port, int hostPriority)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (!rule.Covers(port))
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, $"rule {rule.Name} does not cover it");
        }

        return (uint)((port - rule.FirstPort) * Slots) + SlotOf(hostPriority);
    }

    /// <summary>Entries of <paramref name="rule"/>'s socket array.</summary>
    public static int SocketCount(PortRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.PortCount * Slots;
    }

    private static uint SlotOf(int hostPriority) => hostPriority is >= 1 and <= Slots
        ? (uint)(hostPriority - 1)
        : throw new ArgumentOutOfRangeException(nameof(hostPriority), hostPriority, "host priorities are 1-32");
}
