using System.Net;
using System.Text;
using DotNext.Buffers;
using DotNext.Net.Cluster.Consensus.Raft.Membership;

namespace Understudy.Node.Database;

/// <summary>
/// Raft membership held in memory and seeded from the cluster file at every start: the file is
/// the source of truth for who the voters are, so there is nothing to persist.
/// Addresses are encoded as "ip:port" in UTF-8 with a one-byte length.
/// </summary>
internal sealed class StaticMemberStorage : InMemoryClusterConfigurationStorage<EndPoint>
{
    public StaticMemberStorage(IEnumerable<IPEndPoint> members)
    {
        var builder = CreateInitialConfigurationBuilder();
        foreach (var member in members)
        {
            builder.Add(member);
        }

        builder.Build();
    }

    protected override void Encode(EndPoint address, ref BufferWriterSlim<byte> output)
    {
        var text = Encoding.UTF8.GetBytes(address.ToString() ?? string.Empty);
        output.Add((byte)text.Length);
        output.Write(text);
    }

    protected override EndPoint Decode(ref SequenceReader reader)
    {
        var length = reader.ReadByte();
        Span<byte> text = stackalloc byte[length];
        reader.Read(text);
        return IPEndPoint.Parse(Encoding.UTF8.GetString(text));
    }
}
