using System.Buffers.Binary;
using System.Net;
using CsCheck;
using Understudy.Core.Database;
using Understudy.Core.Membership;
using Understudy.Core.Nlb;
using Understudy.Core.Nlb.Steering;

namespace Understudy.Core.Tests.Nlb.Steering;

/// <summary>
/// The sk_reuseport program, run in <see cref="EbpfMachine"/> over random IPv4 connections: it
/// selects the listener of the owner of exactly the bucket <see cref="AffinityKey"/> computes, and
/// otherwise leaves the choice to the kernel. Also <see cref="SteeringTable"/>.
/// </summary>
public sealed class SteeringProgramTests
{
    private const ulong SkPass = 1;
    private const uint EthProtocolIpv6 = 0xdd86; // ETH_P_IPV6 (0x86dd) as the context holds it

    private static readonly IPAddress ClusterAddress = IPAddress.Parse("10.0.0.100");

    /// <summary>One connection and the rule's maps.</summary>
    private sealed record Case(
        IPAddress Source, int SourcePort, int FirstPort, int PortCount, int DestinationPort,
        int OptionWords, uint[] Owners, int OwnersFd, int SocketsFd)
    {
        public byte[] Packet => BuildPacket(Source, SourcePort, DestinationPort, OptionWords);

        public Dictionary<int, uint[]> Maps => new() { [OwnersFd] = Owners };

        public byte[] Program(Affinity affinity) => SteeringProgram.Build(affinity, FirstPort, PortCount, OwnersFd, SocketsFd);

        public int Bucket(Affinity affinity) => AffinityKey.Bucket(affinity, Source, SourcePort);

        public override string ToString() =>
            $"{Source}:{SourcePort} -> :{DestinationPort}, rule {FirstPort}+{PortCount}, {OptionWords} option words, fds {OwnersFd}/{SocketsFd}";
    }

    private static readonly Gen<IPAddress> Address = Gen.Byte.Array[4].Select(bytes => new IPAddress(bytes));

    // A rule's range, and a destination port inside it.
    private static readonly Gen<(int First, int Count, int Port)> InRule =
        Gen.Int[1, 65535].SelectMany(first => Gen.Int[1, 65536 - first].SelectMany(count =>
            Gen.Int[first, first + count - 1].Select(port => (first, count, port))));

    // A rule's range, and a destination port outside it (below or above).
    private static readonly Gen<(int First, int Count, int Port)> OutsideRule =
        Gen.Int[1, 65534].SelectMany(first => Gen.Int[1, 65535 - first].SelectMany(count =>
            Gen.OneOf(Gen.Int[0, first - 1], Gen.Int[first + count, 65535]).Select(port => (first, count, port))));

    private static Gen<Case> Cases(Gen<(int First, int Count, int Port)> ports) =>
        Gen.Select(
            Address, Gen.Int[0, 65535], ports, Gen.Int[0, 10], Gen.UInt[0, SteeringTable.Slots - 1].Array[BucketMap.BucketCount], Gen.Int[3, 1000], Gen.Int[1, 100],
            (source, sourcePort, rule, options, owners, fd, apart) =>
                new Case(source, sourcePort, rule.First, rule.Count, rule.Port, options, owners, fd, fd + apart));

    /// <summary>An IPv4 header of 5 + <paramref name="optionWords"/> words (the options NOPs, 0x01,
    /// so a program that ignored IHL would read ports 257) and a TCP SYN header.</summary>
    internal static byte[] BuildPacket(IPAddress source, int sourcePort, int destinationPort, int optionWords = 0)
    {
        var ihl = 5 + optionWords;
        var packet = new byte[(ihl * 4) + 20];
        packet[0] = (byte)(0x40 | ihl);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64; // TTL
        packet[9] = 6; // TCP
        Assert.True(source.TryWriteBytes(packet.AsSpan(12, 4), out _));
        Assert.True(ClusterAddress.TryWriteBytes(packet.AsSpan(16, 4), out _));
        packet.AsSpan(20, optionWords * 4).Fill(0x01);
        var tcp = packet.AsSpan(ihl * 4);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], (ushort)destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], 0x1234_5678); // sequence number
        tcp[12] = 5 << 4; // data offset
        tcp[13] = 0x02; // SYN
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 0xffff); // window
        return packet;
    }

    private static (ulong Result, EbpfMachine Machine) Run(Case c, Affinity affinity, uint ethProtocol = EbpfMachine.EthProtocolIpv4, byte[]? packet = null)
    {
        var machine = new EbpfMachine(packet ?? c.Packet, ethProtocol, c.Maps);
        return (machine.Run(c.Program(affinity)), machine);
    }

    [Theory]
    [InlineData(Affinity.None)]
    [InlineData(Affinity.Single)]
    [InlineData(Affinity.Network)]
    public void Build_AnyIpv4Connection_SelectsTheSocketOfItsBucketsOwner(Affinity affinity) =>
        Cases(InRule).Sample(c =>
        {
            var (result, machine) = Run(c, affinity);
            var bucket = c.Bucket(affinity);
            Assert.Equal(SkPass, result);
            Assert.Equal((c.OwnersFd, (uint)bucket), Assert.Single(machine.LookedUp));
            Assert.Equal<(int, uint)?>((c.SocketsFd, (uint)((c.DestinationPort - c.FirstPort) * SteeringTable.Slots) + c.Owners[bucket]), machine.Selected);
        }, iter: 500);

    [Theory]
    [InlineData(Affinity.None, 0)]
    [InlineData(Affinity.None, 1)]
    [InlineData(Affinity.Single, 1)]
    [InlineData(Affinity.Network, 1)]
    [InlineData(Affinity.Single, 10)]
    public void Build_IpOptions_PortsReadAfterIhlWords(Affinity affinity, int optionWords)
    {
        var owners = Enumerable.Range(0, BucketMap.BucketCount).Select(b => (uint)(b % SteeringTable.Slots)).ToArray();
        var c = new Case(IPAddress.Parse("192.0.2.77"), 50_123, 80, 2, 81, optionWords, owners, 5, 6);

        var (_, machine) = Run(c, affinity);

        Assert.Equal(c.Packet.Length, ((5 + optionWords) * 4) + 20);
        Assert.Equal<(int, uint)?>((6, (uint)SteeringTable.Slots + owners[c.Bucket(affinity)]), machine.Selected);
    }

    [Fact]
    public void Build_Affinities_HashDifferentKeys()
    {
        // Same /24, different hosts and ports: Network keeps one bucket, Single and None spread.
        var clients = Enumerable.Range(1, 64).Select(i => (Address: IPAddress.Parse($"198.51.100.{i}"), Port: 40_000 + i)).ToArray();
        var owners = Enumerable.Range(0, BucketMap.BucketCount).Select(b => (uint)(b % SteeringTable.Slots)).ToArray();
        int Distinct(Affinity affinity) => clients
            .Select(client => Run(new Case(client.Address, client.Port, 443, 1, 443, 0, owners, 3, 4), affinity).Machine.LookedUp.Single().Key)
            .Distinct().Count();

        Assert.Equal(1, Distinct(Affinity.Network));
        Assert.True(Distinct(Affinity.Single) > 32);
        Assert.True(Distinct(Affinity.None) > 32);
    }

    [Theory]
    [InlineData(EthProtocolIpv6)]
    [InlineData(0x0800u)] // ETH_P_IP the wrong way round
    [InlineData(0u)]
    public void Build_NotIpv4Context_SelectsNothingAndPasses(uint ethProtocol) =>
        Cases(InRule).Sample(c =>
        {
            var (result, machine) = Run(c, Affinity.Single, ethProtocol);
            Assert.Equal(SkPass, result);
            Assert.Null(machine.Selected);
            Assert.Empty(machine.LookedUp);
        }, iter: 100);

    [Fact]
    public void Build_AnyNonIpv4Protocol_SelectsNothingAndPasses() =>
        Gen.Select(Cases(InRule), Gen.UInt.Where(p => p != EbpfMachine.EthProtocolIpv4), Gen.Enum<Affinity>()).Sample((c, ethProtocol, affinity) =>
        {
            var (result, machine) = Run(c, affinity, ethProtocol);
            return result == SkPass && machine.Selected is null;
        }, iter: 200);

    [Theory]
    [InlineData(Affinity.None)]
    [InlineData(Affinity.Single)]
    [InlineData(Affinity.Network)]
    public void Build_DestinationPortOutsideRule_SelectsNothingAndPasses(Affinity affinity) =>
        Cases(OutsideRule).Sample(c =>
        {
            var (result, machine) = Run(c, affinity);
            Assert.Equal(SkPass, result);
            Assert.Null(machine.Selected);
            Assert.Empty(machine.LookedUp);
        }, iter: 300);

    [Theory]
    [InlineData(Affinity.None)]
    [InlineData(Affinity.Single)]
    [InlineData(Affinity.Network)]
    public void Build_BucketWithoutOwner_SelectsNothingAndPasses(Affinity affinity) =>
        Gen.Select(Cases(InRule), Gen.OneOf(Gen.Const(SteeringTable.NoOwner), Gen.UInt[SteeringTable.Slots, uint.MaxValue])).Sample((c, slot) =>
        {
            var bucket = c.Bucket(affinity);
            c.Owners[bucket] = slot;
            var (result, machine) = Run(c, affinity);
            Assert.Equal(SkPass, result);
            Assert.Equal((c.OwnersFd, (uint)bucket), Assert.Single(machine.LookedUp));
            Assert.Null(machine.Selected);
        }, iter: 300);

    [Fact]
    public void Build_OwnersLookupFails_SelectsNothingAndPasses() =>
        Cases(InRule).Sample(c =>
        {
            // An owners map too short for any bucket: bpf_map_lookup_elem returns NULL.
            var machine = new EbpfMachine(c.Packet, EbpfMachine.EthProtocolIpv4, new Dictionary<int, uint[]> { [c.OwnersFd] = [] });
            Assert.Equal(SkPass, machine.Run(c.Program(Affinity.Single)));
            Assert.Single(machine.LookedUp);
            Assert.Null(machine.Selected);
        }, iter: 50);

    [Fact]
    public void Build_TruncatedPacket_SelectsNothingAndPasses() =>
        Gen.Select(Cases(InRule), Gen.Int[0, 1000], Gen.Enum<Affinity>()).Sample((c, cut, affinity) =>
        {
            // Too short for the IPv4 header, or for the ports after its options. The rule covers
            // every port, so only the program's check of the load's result keeps it from
            // selecting by the zeroes the kernel leaves in the buffer.
            var everyPort = c with { FirstPort = 0, PortCount = 65536 };
            var packet = c.Packet[..(cut % ((c.OptionWords * 4) + 24))];
            var (result, machine) = Run(everyPort, affinity, packet: packet);
            Assert.Equal(SkPass, result);
            Assert.Null(machine.Selected);
            Assert.NotNull(Run(everyPort, affinity).Machine.Selected);
        }, iter: 300);

    [Fact]
    public void Build_SelectingPath_StaysWellUnderTheInstructionLimit()
    {
        var c = new Case(IPAddress.Parse("203.0.113.9"), 1234, 80, 1, 80, 0, new uint[BucketMap.BucketCount], 3, 4);
        var (_, machine) = Run(c, Affinity.None);

        Assert.Equal<(int, uint)?>((4, 0u), machine.Selected);
        Assert.InRange(machine.Executed, 50, 200);
    }

    [Theory]
    [InlineData("b700000000000000 8700000000000000 9500000000000000", "unknown ALU64 opcode 0x87")] // r0 = 0; r0 = -r0
    [InlineData("7ba0f8ff00000000 9500000000000000", "unset register r0")] // *(u64 *)(fp - 8) = r0
    [InlineData("79a0f8ff00000000 9500000000000000", "unwritten stack at fp-8")] // r0 = *(u64 *)(fp - 8)
    [InlineData("b700000000000000 1500ffff00000000", "more than 4096 instructions")] // r0 = 0; loop while r0 == 0
    [InlineData("2701000002000000 9500000000000000", "on a pointer")] // r1 *= 2 (r1 is the context)
    [InlineData("b70a000000000000 9500000000000000", "r10 is read-only")] // r10 = 0
    [InlineData("b700000000000000 8500000002000000 9500000000000000", "unknown helper 2")]
    [InlineData("b700000000000000", "outside the program")] // no EXIT
    public void Machine_InvalidProgram_Throws(string hex, string reason)
    {
        var program = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        var machine = new EbpfMachine([], EbpfMachine.EthProtocolIpv4, new Dictionary<int, uint[]>());

        Assert.Contains(reason, Assert.Throws<InvalidOperationException>(() => machine.Run(program)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Machine_AssembledArithmetic_ComputesAsDotNet()
    {
        var program = new Ebpf()
            .Load(Ebpf.Reg.R0, 0x0123_4567_89ab_cdef).Op(Ebpf.Alu.Mov, Ebpf.Reg.R2, -3).Op(Ebpf.Alu.Mul, Ebpf.Reg.R0, Ebpf.Reg.R2)
            .RotateLeft(Ebpf.Reg.R0, 23, Ebpf.Reg.R3).Op(Ebpf.Alu.Sub, Ebpf.Reg.R0, 7).Op(Ebpf.Alu.Xor, Ebpf.Reg.R0, -1)
            .Exit().ToBytes();
        var expected = ~(ulong.RotateLeft(unchecked(0x0123_4567_89ab_cdefUL * (ulong)-3L), 23) - 7);

        Assert.Equal(expected, new EbpfMachine([], EbpfMachine.EthProtocolIpv4, new Dictionary<int, uint[]>()).Run(program));
    }

    // SteeringTable

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly NlbConfig Config = new()
    {
        ClusterAddress = ClusterAddress,
        Members = [new("a", 1, IPAddress.Loopback), new("b", 5, IPAddress.Loopback), new("c", 32, IPAddress.Loopback)],
        Rules =
        [
            new PortRule { Name = "web", FirstPort = 8000, LastPort = 8009, TargetPort = 9000 },
            new PortRule { Name = "db", FirstPort = 5432, LastPort = 5432, TargetPort = 6432, Mode = FilteringMode.Single },
        ],
    };

    private static ClusterState UpAndAdmitted(params string[] nodes)
    {
        var state = ClusterState.Empty;
        foreach (var member in Config.Members.Where(m => nodes.Contains(m.Node)))
        {
            state = state.Apply(new NodeUp(T0, member.Node, 1, 100, "up"), state.Version + 1);
            state = state.Apply(new NlbAnnounce(T0, member.Node, Config.RulesFingerprint(), member.HostPriority), state.Version + 1);
        }

        return state;
    }

    [Fact]
    public void Owners_EveryBucket_SlotOfItsOwnersHostPriority()
    {
        var view = NlbViews.Derive(Config, UpAndAdmitted("a", "b", "c"));
        var rule = view.Rules[0];
        var nodeOfSlot = new Dictionary<uint, string> { [0] = "a", [4] = "b", [31] = "c" };

        var owners = SteeringTable.Owners(view, rule);

        Assert.Equal(BucketMap.BucketCount, owners.Length);
        Assert.Equal([0u, 4u, 31u], owners.Distinct().Order());
        for (var bucket = 0; bucket < owners.Length; bucket++)
        {
            Assert.Equal(rule.Map.OwnerOf(bucket), nodeOfSlot[owners[bucket]]);
        }
    }

    [Fact]
    public void Owners_SingleMode_AllToTheBestPriorityPresent()
    {
        var all = NlbViews.Derive(Config, UpAndAdmitted("a", "c"));
        var withoutA = NlbViews.Derive(Config, UpAndAdmitted("b", "c"));

        Assert.All(SteeringTable.Owners(all, all.Rules[1]), slot => Assert.Equal(0u, slot));
        Assert.All(SteeringTable.Owners(withoutA, withoutA.Rules[1]), slot => Assert.Equal(4u, slot));
    }

    [Fact]
    public void Owners_NobodyEligible_NoOwnerEverywhere()
    {
        var view = NlbViews.Derive(Config, ClusterState.Empty);
        Assert.All(SteeringTable.Owners(view, view.Rules[0]), slot => Assert.Equal(SteeringTable.NoOwner, slot));
    }

    [Theory]
    [InlineData(8000, 1, 0u)]
    [InlineData(8000, 32, 31u)]
    [InlineData(8003, 5, (3u * 32) + 4)]
    [InlineData(8009, 32, (9u * 32) + 31)]
    public void SocketKey_PortRowAndPrioritySlot(int port, int hostPriority, uint key) =>
        Assert.Equal(key, SteeringTable.SocketKey(Config.Rules[0], port, hostPriority));

    [Theory]
    [InlineData(7999, 1, "port")]
    [InlineData(8010, 1, "port")]
    [InlineData(8000, 0, "hostPriority")]
    [InlineData(8000, 33, "hostPriority")]
    public void SocketKey_OutOfRange_Throws(int port, int hostPriority, string parameter) =>
        Assert.Equal(parameter, Assert.Throws<ArgumentOutOfRangeException>(() => SteeringTable.SocketKey(Config.Rules[0], port, hostPriority)).ParamName);

    [Fact]
    public void SocketCount_ARowOfSlotsPerPort()
    {
        Assert.Equal(10 * SteeringTable.Slots, SteeringTable.SocketCount(Config.Rules[0]));
        Assert.Equal(SteeringTable.Slots, SteeringTable.SocketCount(Config.Rules[1]));
        Assert.Throws<ArgumentNullException>(() => SteeringTable.SocketCount(null!));
    }

    [Fact]
    public void SocketKey_EveryPortAndPriority_DistinctAndBelowSocketCount()
    {
        var rule = Config.Rules[0];
        var keys = Enumerable.Range(rule.FirstPort, rule.PortCount)
            .SelectMany(port => Enumerable.Range(1, SteeringTable.Slots).Select(priority => SteeringTable.SocketKey(rule, port, priority)))
            .ToArray();

        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.All(keys, key => Assert.InRange(key, 0u, (uint)SteeringTable.SocketCount(rule) - 1));
    }
}
