using System.Security.Cryptography;
using System.Text;
using Understudy.Core.Security;

namespace Understudy.Core.Tests.Security;

public sealed class ClusterKeysTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("correct horse battery staple");

    [Fact]
    public void Derive_MatchesHkdfWithClusterNameSaltAndInfo()
    {
        var keys = ClusterKeys.Derive(Secret, "prod");
        var salt = Encoding.UTF8.GetBytes("prod");

        Assert.Equal(Hkdf(salt, "understudy/heartbeat/v1"), keys.HeartbeatKey.ToArray());
        Assert.Equal(Hkdf(salt, "understudy/raft-tls/v1"), keys.TransportKey.ToArray());
        Assert.Equal(Hkdf(salt, "understudy/api-token/v1"), keys.ApiTokenKey.ToArray());
        Assert.Equal(Hkdf(salt, "understudy/api-tls/v1"), keys.ApiTlsKey.ToArray());
    }

    [Fact]
    public void Derive_IsDeterministicAndKeysDiffer()
    {
        var a = ClusterKeys.Derive(Secret, "prod");
        var b = ClusterKeys.Derive(Secret, "prod");

        Assert.Equal(a.HeartbeatKey.ToArray(), b.HeartbeatKey.ToArray());
        Assert.Equal(32, a.HeartbeatKey.Length);
        Assert.NotEqual(a.HeartbeatKey.ToArray(), a.TransportKey.ToArray());
        Assert.NotEqual(a.HeartbeatKey.ToArray(), a.ApiTokenKey.ToArray());
        Assert.NotEqual(a.TransportKey.ToArray(), a.ApiTokenKey.ToArray());
        Assert.NotEqual(a.TransportKey.ToArray(), a.ApiTlsKey.ToArray());
        Assert.NotEqual(a.ApiTokenKey.ToArray(), a.ApiTlsKey.ToArray());
    }

    [Fact]
    public void Derive_OtherClusterName_GivesOtherKeys()
    {
        var prod = ClusterKeys.Derive(Secret, "prod");
        var test = ClusterKeys.Derive(Secret, "test");

        Assert.NotEqual(prod.HeartbeatKey.ToArray(), test.HeartbeatKey.ToArray());
    }

    [Fact]
    public void ToString_PrintsNoKeyMaterial()
    {
        var keys = ClusterKeys.Derive(Secret, "prod");
        var text = keys.ToString();

        Assert.Contains("prod", text, StringComparison.Ordinal);
        foreach (var key in new[] { keys.HeartbeatKey, keys.TransportKey, keys.ApiTokenKey })
        {
            Assert.DoesNotContain(Convert.ToHexString(key.Span), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(key.Span), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Derive_EmptyInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClusterKeys.Derive([], "prod"));
        Assert.Throws<ArgumentException>(() => ClusterKeys.Derive(Secret, ""));
    }

    private static byte[] Hkdf(byte[] salt, string info) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Secret, 32, salt, Encoding.UTF8.GetBytes(info));
}
