using System.Text;
using Understudy.Core.Heartbeats;
using Understudy.Core.Security;

namespace Understudy.Core.Tests.Heartbeats;

/// <summary>Keys and a valid heartbeat shared by the codec tests.</summary>
internal static class TestKeys
{
    public static readonly byte[] Key = ClusterKeys.Derive(Encoding.UTF8.GetBytes("test secret"), "test").HeartbeatKey.ToArray();

    public static readonly byte[] OtherKey = ClusterKeys.Derive(Encoding.UTF8.GetBytes("other secret"), "test").HeartbeatKey.ToArray();

    public static readonly Heartbeat Sample = new(HeartbeatKind.Node, "node-a_1", 1_764_000_000_000, 42, 4321);

    public static byte[] Encode(Heartbeat heartbeat, byte[]? key = null)
    {
        var buffer = new byte[HeartbeatCodec.MaxDatagramSize];
        var length = HeartbeatCodec.Encode(heartbeat, key ?? Key, buffer);
        return buffer[..length];
    }
}
