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

    [Theory]
    [InlineData("maxRequestBodyBytes: 65535", "api.maxRequestBodyBytes", "65535")]
    [InlineData("maxRequestBodyBytes: 67108865", "api.maxRequestBodyBytes", "67108865")]
    [InlineData("maxBody: 1", "api.maxBody", "unknown key 'maxBody'")]
    public void Parse_BadApiValue_ReportsPath(string line, string path, string fragment)
    {
        var result = ClusterYaml.Parse(ClusterYaml.Valid + $"api:\n  {line}\n");

        ClusterYaml.AssertError(result, path, fragment);
    }
}
