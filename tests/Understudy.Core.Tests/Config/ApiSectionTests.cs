using Understudy.Core.Config;

namespace Understudy.Core.Tests.Config;

public sealed class ApiSectionTests
{
    [Fact]
    public void Parse_NoApiSection_OneMebibyteBodies()
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.Valid));

        Assert.Equal(1024 * 1024, config.Api.MaxRequestBodyBytes);
    }

    [Theory]
    [InlineData(65536)]
    [InlineData(67108864)]
    public void Parse_MaxRequestBodyAtBoundary_Kept(int bytes)
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.Valid + $"api:\n  maxRequestBodyBytes: {bytes}\n"));

        Assert.Equal(bytes, config.Api.MaxRequestBodyBytes);
    }

    [Fact]
    public void Parse_NoTlsKey_AutoPlainOnLoopbackTlsElsewhere()
    {
        var loopback = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.Valid));
        var lan = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.WithNodes("nodes:\n  - name: alpha\n    address: 10.1.0.1\n  - name: bravo\n    address: 10.1.0.2\n    apiAddress: 127.0.0.12\n")));

        Assert.Equal(ApiTls.Auto, loopback.Api.Tls);
        Assert.All(loopback.Nodes, n => Assert.StartsWith("http://", n.ApiUrl, StringComparison.Ordinal));
        Assert.Equal("https://10.1.0.1:7400", lan.Nodes[0].ApiUrl);
        Assert.Equal("http://127.0.0.12:7400", lan.Nodes[1].ApiUrl); // the API's own address decides
    }

    [Theory]
    [InlineData("on", "https://127.0.0.11:7400")]
    [InlineData("off", "http://127.0.0.11:7400")]
    [InlineData("auto", "http://127.0.0.11:7400")]
    public void Parse_TlsMode_DecidesTheScheme(string mode, string url)
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.Valid + $"api:\n  tls: {mode}\n"));

        Assert.Equal(url, config.Nodes[0].ApiUrl);
    }

    [Theory]
    [InlineData("10.0.0.1", ApiTls.Auto, true)]
    [InlineData("127.0.0.1", ApiTls.Auto, false)]
    [InlineData("::1", ApiTls.Auto, false)]
    [InlineData("fd00::1", ApiTls.Auto, true)]
    [InlineData("127.0.0.1", ApiTls.On, true)]
    [InlineData("10.0.0.1", ApiTls.Off, false)]
    public void IsOn_ModeAndAddress(string address, ApiTls mode, bool on) =>
        Assert.Equal(on, ApiTlsRule.IsOn(mode, System.Net.IPAddress.Parse(address)));

    [Theory]
    [InlineData("tls: yes", "api.tls", "'yes' is not a TLS mode; expected one of: auto, on, off")]
    [InlineData("maxRequestBodyBytes: 65535", "api.maxRequestBodyBytes", "65535")]
    [InlineData("maxRequestBodyBytes: 67108865", "api.maxRequestBodyBytes", "67108865")]
    [InlineData("maxBody: 1", "api.maxBody", "unknown key 'maxBody'")]
    public void Parse_BadApiValue_ReportsPath(string line, string path, string fragment)
    {
        var result = ClusterYaml.Parse(ClusterYaml.Valid + $"api:\n  {line}\n");

        ClusterYaml.AssertError(result, path, fragment);
    }
}
