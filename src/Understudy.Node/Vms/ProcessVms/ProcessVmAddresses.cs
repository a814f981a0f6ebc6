using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Understudy.Node.Vms.ProcessVms;

/// <summary>Gives every process VM its own loopback address, derived from its name.</summary>
public static class ProcessVmAddresses
{
    /// <summary>An address in 127.220.0.1 – 127.254.255.254 from a hash of <paramref name="name"/>:
    /// stable across hosts and restarts, and outside the blocks that nodes and tests use
    /// (127.0.0.x and 127.20-219.x.x are nodes'; collisions need two VMs whose names hash alike).</summary>
    public static IPAddress ForName(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var second = 220 + (hash[0] % 35);
        var third = hash[1];
        var fourth = 1 + (hash[2] % 254);
        return new IPAddress([127, (byte)second, third, (byte)fourth]);
    }
}
