// Wire format of a service report datagram, version 1 (also in docs/protocol.md). Integers big-endian.
//
//   offset    size  field
//   0         4     magic "USSR"
//   4         1     version = 1
//   5         1     VM name length N, 1..63
//   6         N     VM name, [A-Za-z0-9_-]
//   6+N       8     incarnation, int64 >= 0 (the agent's, as in its heartbeats)
//   14+N      8     sequence, int64 >= 1, +1 per report within an incarnation
//   22+N      1     service count M, 0..8
//   23+N      ...   M times: name length L (1..32), L bytes of [A-Za-z0-9_.-], state (1 running, 2 failed)
//   end-32    32    HMAC-SHA256(the VM's guest-agent key, every byte before it)
//
// A separate magic (not a new heartbeat kind) keeps node heartbeats byte for byte as they were:
// a receiver that does not know service reports drops them as BadMagic.
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Understudy.Core.Heartbeats;

namespace Understudy.Core.Vms;

/// <summary>Encodes and authenticates service report datagrams (format at the top of this file).</summary>
public static class ServiceReportCodec
{
    /// <summary>Most services in one report.</summary>
    public const int MaxServices = 8;

    /// <summary>Longest service name.</summary>
    public const int MaxServiceNameLength = 32;

    /// <summary>The protocol version this codec writes and reads.</summary>
    public const byte Version = 1;

    private const int MacSize = HeartbeatCodec.MacSize;
    private const int NameOffset = 6;

    /// <summary>Header, numbers, count and MAC: every byte of an empty report but the VM name.</summary>
    private const int FixedSize = NameOffset + 8 + 8 + 1 + MacSize;

    /// <summary>The longest valid report (well under <see cref="HeartbeatCodec.MaxDatagramSize"/>).</summary>
    public const int MaxEncodedSize = FixedSize + HeartbeatCodec.MaxNameLength + (MaxServices * (2 + MaxServiceNameLength));

    /// <summary>The magic that starts every service report.</summary>
    public static ReadOnlySpan<byte> Magic => "USSR"u8;

    /// <summary>Writes <paramref name="report"/>, authenticated with <paramref name="key"/>; returns its length.</summary>
    /// <exception cref="ArgumentException">An invalid field (a caller bug), or a too small destination.</exception>
    public static int Encode(ServiceReport report, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!HeartbeatCodec.IsValidName(report.Vm) || report.Incarnation < 0 || report.Sequence < 1
            || report.Services.Length > MaxServices
            || report.Services.Any(s => !VmSettingsRules.IsValidServiceName(s.Name) || s.State is not (ServiceState.Running or ServiceState.Failed)))
        {
            throw new ArgumentException("Invalid service report.", nameof(report));
        }

        var total = FixedSize + report.Vm.Length + report.Services.Sum(s => 2 + s.Name.Length);
        if (destination.Length < total)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; the report needs {total}.", nameof(destination));
        }

        Magic.CopyTo(destination);
        destination[4] = Version;
        destination[5] = (byte)report.Vm.Length;
        var at = NameOffset + Encoding.ASCII.GetBytes(report.Vm, destination[NameOffset..]);
        BinaryPrimitives.WriteInt64BigEndian(destination[at..], report.Incarnation);
        BinaryPrimitives.WriteInt64BigEndian(destination[(at + 8)..], report.Sequence);
        at += 16;
        destination[at++] = (byte)report.Services.Length;
        foreach (var service in report.Services)
        {
            destination[at++] = (byte)service.Name.Length;
            at += Encoding.ASCII.GetBytes(service.Name, destination[at..]);
            destination[at++] = (byte)service.State;
        }

        HMACSHA256.HashData(key, destination[..at], destination.Slice(at, MacSize));
        return at + MacSize;
    }

    /// <summary>Checks, authenticates and parses one datagram; never throws. The checks and their
    /// order are those of <see cref="HeartbeatCodec.TryDecode"/>: size, magic, version, MAC, then fields.</summary>
    public static HeartbeatRejection TryDecode(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> key, out ServiceReport? report)
    {
        report = null;
        var envelope = DatagramEnvelope.Check(datagram, key, Magic, Version, FixedSize);
        if (envelope != HeartbeatRejection.None)
        {
            return envelope;
        }

        report = Parse(datagram[..^MacSize]);
        return report is null ? HeartbeatRejection.Malformed : HeartbeatRejection.None;
    }

    private static ServiceReport? Parse(ReadOnlySpan<byte> body)
    {
        int nameLength = body[5];
        if (nameLength is < 1 or > HeartbeatCodec.MaxNameLength || body.Length < NameOffset + nameLength + 17)
        {
            return null;
        }

        var vm = Encoding.ASCII.GetString(body.Slice(NameOffset, nameLength));
        var at = NameOffset + nameLength;
        var incarnation = BinaryPrimitives.ReadInt64BigEndian(body[at..]);
        var sequence = BinaryPrimitives.ReadInt64BigEndian(body[(at + 8)..]);
        int count = body[at + 16];
        at += 17;
        if (!HeartbeatCodec.IsValidName(vm) || incarnation < 0 || sequence < 1 || count > MaxServices)
        {
            return null;
        }

        var services = ImmutableArray.CreateBuilder<ServiceStatus>(count);
        for (var i = 0; i < count; i++)
        {
            if (at >= body.Length || body[at] is 0 or > MaxServiceNameLength || at + 1 + body[at] + 1 > body.Length)
            {
                return null;
            }

            int length = body[at];
            var name = Encoding.ASCII.GetString(body.Slice(at + 1, length));
            var state = (ServiceState)body[at + 1 + length];
            if (!VmSettingsRules.IsValidServiceName(name) || state is not (ServiceState.Running or ServiceState.Failed))
            {
                return null;
            }

            services.Add(new ServiceStatus(name, state));
            at += length + 2;
        }

        return at == body.Length ? new ServiceReport(vm, incarnation, sequence, services.MoveToImmutable()) : null;
    }
}
