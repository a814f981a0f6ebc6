using System.Net;
using System.Text;
using Understudy.Core.Nlb;
using Understudy.Core.Nlb.Distributed;

namespace Understudy.Core.Tests.Nlb.Distributed;

public sealed class KernelJhashTests
{
    // Bob Jenkins' own test values for hashlittle (lookup3.c, driver5), which the kernel's jhash is.
    [Theory]
    [InlineData("", 0u, 0xdeadbeefu)]
    [InlineData("Four score and seven years ago", 0u, 0x17770551u)]
    [InlineData("Four score and seven years ago", 1u, 0xcd628161u)]
    public void Hash_Lookup3TestValues(string key, uint seed, uint expected) =>
        Assert.Equal(expected, KernelJhash.Hash(Encoding.ASCII.GetBytes(key), seed));

    [Theory]
    [InlineData(0u, 1024u, 0u)]
    [InlineData(0xffffffffu, 1024u, 1023u)]
    [InlineData(0x80000000u, 1024u, 512u)]
    [InlineData(0x003fffffu, 1024u, 0u)]
    [InlineData(0x00400000u, 1024u, 1u)]
    public void Scale_TakesTheTopBitsOfTheProduct(uint hash, uint modulus, uint expected) =>
        Assert.Equal(expected, KernelJhash.Scale(hash, modulus));

    // Read from nftables 1.0.6 on Linux 6.18: "add @seen { ip saddr . jhash ... mod 1024 seed 0x1234 }"
    // for one connection from 10.9.0.5 port 40000 (LabNftAgreementTests checks thousands more).
    [Theory]
    [InlineData(Affinity.Single, 408)]
    [InlineData(Affinity.None, 313)]
    [InlineData(Affinity.Network, 807)]
    public void Bucket_AsNftablesComputedIt(Affinity affinity, int expected) =>
        Assert.Equal(expected, ClusterBucket.Of(affinity, IPAddress.Parse("10.9.0.5"), 40000, 0x1234));

    [Fact]
    public void Bucket_NetworkAffinity_SameForTheWholeSlash24_SinglesDiffer()
    {
        var seed = ClusterBucket.Seed(IPAddress.Parse("10.78.0.100"));
        var network = Enumerable.Range(1, 254).Select(i => ClusterBucket.Of(Affinity.Network, IPAddress.Parse($"10.9.7.{i}"), i, seed)).Distinct();
        Assert.Single(network);
        Assert.True(Enumerable.Range(1, 254).Select(i => ClusterBucket.Of(Affinity.Single, IPAddress.Parse($"10.9.7.{i}"), 1, seed)).Distinct().Count() > 200);
    }

    [Fact]
    public void Bucket_MappedIPv4_HashesAsIPv4_IPv6Refused()
    {
        Assert.Equal(408, ClusterBucket.Of(Affinity.Single, IPAddress.Parse("::ffff:10.9.0.5"), 1, 0x1234));
        Assert.Throws<ArgumentException>(() => ClusterBucket.Of(Affinity.Single, IPAddress.IPv6Loopback, 1, 0x1234));
    }

    [Fact]
    public void Seed_DerivedFromTheAddressAlone() =>
        Assert.Equal(ClusterBucket.Seed(IPAddress.Parse("10.78.0.100")), ClusterBucket.Seed(IPAddress.Parse("10.78.0.100")));

    [Fact]
    public void Mac_IsWindowsNlbsMulticastForm() =>
        Assert.Equal("03:bf:0a:4e:00:64", ClusterMac.Multicast(IPAddress.Parse("10.78.0.100")));
}
