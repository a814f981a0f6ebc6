using static Understudy.Core.Nlb.Steering.Ebpf;

namespace Understudy.Core.Nlb.Steering;

/// <summary>
/// The eBPF program (type <c>sk_reuseport</c>) that steers each new IPv4 connection to a rule's
/// port on the cluster address to the listener of its bucket owner's node, as Windows NLB has
/// only the owning host accept a connection. It computes the bucket exactly as
/// <see cref="AffinityKey"/> does — XxHash64 of the client's address (and port for
/// <see cref="Affinity.None"/>, the /24 for <see cref="Affinity.Network"/>) with the same seed —
/// looks up the owner's slot in the rule's owners map (<see cref="SteeringTable"/>) and selects
/// the socket at (port index × <see cref="SteeringTable.Slots"/> + slot) in the rule's socket
/// array. Anything else (IPv6, no owner, the owner's node gone) falls through to the kernel's own
/// choice among the listeners, and that node forwards by the map as before.
/// </summary>
public static class SteeringProgram
{
    /// <summary>The license the program is loaded under (the kernel checks it is GPL-compatible).</summary>
    public const string License = "Dual MIT/GPL";

    // Kernel helpers (include/uapi/linux/bpf.h).
    internal const int MapLookupElem = 1;
    internal const int SkbLoadBytesRelative = 68;
    internal const int SkSelectReuseport = 82;
    internal const int HeaderStartNet = 1;

    // struct sk_reuseport_md: eth_protocol at 20, as the skb holds it (big-endian ETH_P_IP read little-endian).
    internal const short EthProtocolOffset = 20;
    internal const int EthProtocolIpv4 = 0x0008;

    private const ulong Prime1 = 0x9E3779B185EBCA87;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4F;
    private const ulong Prime3 = 0x165667B19E3779F9;
    private const ulong Prime5 = 0x27D4EB2F165667C5;

    // Stack: the IPv4 header's first 20 bytes at -24 (source address at -12), the transport
    // header's ports at -32 (source) and -30 (destination), the bucket at -36, the socket key at -40.
    private const short IpHeader = -24;
    private const short SourceAddress = IpHeader + 12;
    private const short Ports = -32;
    private const short BucketKey = -36;
    private const short SocketKey = -40;

    /// <summary>The program for a rule of <paramref name="affinity"/> over <paramref name="portCount"/>
    /// ports from <paramref name="firstPort"/>, using the two maps open in the loading process.</summary>
    public static byte[] Build(Affinity affinity, int firstPort, int portCount, int ownersMap, int socketsMap)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstPort);
        ArgumentOutOfRangeException.ThrowIfLessThan(portCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstPort + portCount, 65536, nameof(portCount));
        var p = new Ebpf();
        p.Op(Alu.Mov, Reg.R6, Reg.R1)
            .Load(Size.Word, Reg.R2, Reg.R6, EthProtocolOffset)
            .JumpIf(Jump.Ne, Reg.R2, EthProtocolIpv4, "pass");
        LoadBytes(p, Reg.R2, IpHeader, 20, offsetIsRegister: false);
        p.Load(Size.Byte, Reg.R7, Reg.R10, IpHeader).Op(Alu.And, Reg.R7, 0x0f).Op(Alu.Lsh, Reg.R7, 2);
        LoadBytes(p, Reg.R7, Ports, 4, offsetIsRegister: true);

        // The port's index in the rule: its first socket key.
        p.Load(Size.Byte, Reg.R7, Reg.R10, Ports + 2).Op(Alu.Lsh, Reg.R7, 8)
            .Load(Size.Byte, Reg.R2, Reg.R10, Ports + 3).Op(Alu.Or, Reg.R7, Reg.R2)
            .Op(Alu.Sub, Reg.R7, firstPort)
            .JumpIf(Jump.Ge, Reg.R7, portCount, "pass")
            .Op(Alu.Mul, Reg.R7, SteeringTable.Slots);

        Hash(p, affinity);
        p.Op(Alu.And, Reg.R0, BucketMap.BucketCount - 1)
            .Store(Size.Word, Reg.R10, BucketKey, Reg.R0)
            .LoadMap(Reg.R1, ownersMap)
            .Op(Alu.Mov, Reg.R2, Reg.R10).Op(Alu.Add, Reg.R2, BucketKey)
            .Call(MapLookupElem)
            .JumpIf(Jump.Eq, Reg.R0, 0, "pass")
            .Load(Size.Word, Reg.R2, Reg.R0, 0)
            .JumpIf(Jump.Ge, Reg.R2, SteeringTable.Slots, "pass")
            .Op(Alu.Add, Reg.R7, Reg.R2)
            .Store(Size.Word, Reg.R10, SocketKey, Reg.R7)
            .Op(Alu.Mov, Reg.R1, Reg.R6)
            .LoadMap(Reg.R2, socketsMap)
            .Op(Alu.Mov, Reg.R3, Reg.R10).Op(Alu.Add, Reg.R3, SocketKey)
            .Op(Alu.Mov, Reg.R4, 0)
            .Call(SkSelectReuseport)
            .Label("pass")
            .Op(Alu.Mov, Reg.R0, 1) // SK_PASS: the selected socket, or else the kernel's choice
            .Exit();
        return p.ToBytes();
    }

    /// <summary>bpf_skb_load_bytes_relative(ctx, offset, fp + <paramref name="to"/>, <paramref name="length"/>, network header).</summary>
    private static void LoadBytes(Ebpf p, Reg offset, short to, int length, bool offsetIsRegister)
    {
        p.Op(Alu.Mov, Reg.R1, Reg.R6);
        if (offsetIsRegister)
        {
            p.Op(Alu.Mov, Reg.R2, offset);
        }
        else
        {
            p.Op(Alu.Mov, Reg.R2, 0);
        }

        p.Op(Alu.Mov, Reg.R3, Reg.R10).Op(Alu.Add, Reg.R3, to)
            .Op(Alu.Mov, Reg.R4, length)
            .Op(Alu.Mov, Reg.R5, HeaderStartNet)
            .Call(SkbLoadBytesRelative)
            .JumpIf(Jump.Ne, Reg.R0, 0, "pass");
    }

    /// <summary>r0 = XxHash64 of the key (4 or 6 bytes, seed <see cref="AffinityKey"/>'s), as .NET's
    /// XxHash64 computes it for inputs under 32 bytes; r8 holds the address's 4 bytes.</summary>
    private static void Hash(Ebpf p, Affinity affinity)
    {
        var length = affinity == Affinity.None ? 6 : 4;
        p.Load(Size.Word, Reg.R8, Reg.R10, SourceAddress);
        if (affinity == Affinity.Network)
        {
            p.Op(Alu.And, Reg.R8, 0x00ff_ffff); // the /24: the last address byte zeroed
        }

        p.Load(Reg.R0, unchecked((ulong)AffinityKey.Seed + Prime5 + (ulong)length))
            .Load(Reg.R2, Prime1).Op(Alu.Mul, Reg.R8, Reg.R2).Op(Alu.Xor, Reg.R0, Reg.R8)
            .RotateLeft(Reg.R0, 23, Reg.R3)
            .Load(Reg.R2, Prime2).Op(Alu.Mul, Reg.R0, Reg.R2)
            .Load(Reg.R2, Prime3).Op(Alu.Add, Reg.R0, Reg.R2);
        if (affinity == Affinity.None)
        {
            // The client's port, high byte first, one byte at a time.
            foreach (var at in new short[] { Ports, Ports + 1 })
            {
                p.Load(Size.Byte, Reg.R3, Reg.R10, at)
                    .Load(Reg.R2, Prime5).Op(Alu.Mul, Reg.R3, Reg.R2).Op(Alu.Xor, Reg.R0, Reg.R3)
                    .RotateLeft(Reg.R0, 11, Reg.R3)
                    .Load(Reg.R2, Prime1).Op(Alu.Mul, Reg.R0, Reg.R2);
            }
        }

        foreach (var (shift, prime) in new[] { (33, Prime2), (29, Prime3) })
        {
            p.Op(Alu.Mov, Reg.R3, Reg.R0).Op(Alu.Rsh, Reg.R3, shift).Op(Alu.Xor, Reg.R0, Reg.R3)
                .Load(Reg.R2, prime).Op(Alu.Mul, Reg.R0, Reg.R2);
        }

        p.Op(Alu.Mov, Reg.R3, Reg.R0).Op(Alu.Rsh, Reg.R3, 32).Op(Alu.Xor, Reg.R0, Reg.R3);
    }
}
