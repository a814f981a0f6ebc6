using System.Net;
using Understudy.Core.Nlb;

namespace Understudy.Core.Tests.Nlb;

public sealed class AffinityKeyTests
{
    private static readonly IPAddress Client = IPAddress.Parse("10.1.2.3");

    [Fact]
    public void Hash_Single_IgnoresPort() =>
        Assert.Equal(AffinityKey.Hash(Affinity.Single, Client, 1000), AffinityKey.Hash(Affinity.Single, Client, 2000));

    [Fact]
    public void Hash_None_DependsOnPort() =>
        Assert.NotEqual(AffinityKey.Hash(Affinity.None, Client, 1000), AffinityKey.Hash(Affinity.None, Client, 2000));

    [Fact]
    public void Hash_Network_SameSlash24SameKey()
    {
        Assert.Equal(AffinityKey.Hash(Affinity.Network, Client, 1), AffinityKey.Hash(Affinity.Network, IPAddress.Parse("10.1.2.250"), 2));
        Assert.NotEqual(AffinityKey.Hash(Affinity.Network, Client, 1), AffinityKey.Hash(Affinity.Network, IPAddress.Parse("10.1.3.3"), 1));
    }

    [Fact]
    public void Hash_NetworkIPv6_SameSlash64SameKey()
    {
        Assert.Equal(
            AffinityKey.Hash(Affinity.Network, IPAddress.Parse("2001:db8:1:2::1"), 1),
            AffinityKey.Hash(Affinity.Network, IPAddress.Parse("2001:db8:1:2:ffff::9"), 1));
        Assert.NotEqual(
            AffinityKey.Hash(Affinity.Network, IPAddress.Parse("2001:db8:1:2::1"), 1),
            AffinityKey.Hash(Affinity.Network, IPAddress.Parse("2001:db8:1:3::1"), 1));
    }

    [Fact]
    public void Hash_MappedIPv4_SameAsIPv4() =>
        Assert.Equal(AffinityKey.Hash(Affinity.Single, Client, 1), AffinityKey.Hash(Affinity.Single, Client.MapToIPv6(), 1));

    [Fact]
    public void Hash_SameAddressParsedTwice_SameKey() =>
        // A fixed value: every node and every version must place a client in the same bucket.
        Assert.Equal(AffinityKey.Hash(Affinity.Single, Client, 0), AffinityKey.Hash(Affinity.Single, IPAddress.Parse("10.1.2.3"), 0));

    [Fact]
    public void Bucket_InRange() => Assert.InRange(AffinityKey.Bucket(Affinity.None, Client, 65535), 0, BucketMap.BucketCount - 1);
}
