namespace Understudy.Core.Tests.Config;

public sealed class SecretTests
{
    private const string Short = "s3cr3t-pw";
    private const string Long = "very-s3cr3t-cluster-key";

    [Theory]
    [InlineData($"cluster:\n  name: Bad_Name\n  key: \"{Short}\"\nnodes: []\n")]
    [InlineData($"cluster:\n  name: demo\n  key: {Short}\n  keyFile: k\nnodes: x\n")]
    [InlineData($"cluster:\n  name: demo\n  key: [{Long}]\nnodes: []\n")]
    [InlineData($"cluster:\n  name: demo\n  key: {{ {Long}: 1 }}\nnodes: []\n")]
    [InlineData($"cluster: {Long}\nnodes: []\n")]
    [InlineData($"cluster:\n  {Long}\nnodes: []\n")]
    [InlineData($"{Long}\n")]
    [InlineData($"- {Long}\n")]
    [InlineData($"cluster:\n  name: demo\n  key: \"{Long}\n")]
    [InlineData($"cluster:\n  name: demo\n  key: '{Long}'\n  key: '{Long}'\n")]
    [InlineData($"cluster:\n  name: demo\n  key: \"{Long}\"\n  kye: \"{Long}\"\nnodes: []\n")]
    [InlineData($"cluster:\n  name: demo\n  key: \"{Long}\"\n  keyFile: \"{Long}\"\nnodes: []\n")]
    public void Parse_InvalidFileWithKey_NoErrorQuotesTheKey(string yaml)
    {
        var result = ClusterYaml.Parse(yaml);

        Assert.NotEmpty(result.Errors);
        foreach (var error in result.Errors)
        {
            Assert.DoesNotContain("s3cr3t", error.ToString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("s3cr3t", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ValidFile_ConfigTextHidesTheKey()
    {
        var result = ClusterYaml.Parse(ClusterYaml.Valid);

        Assert.True(result.IsValid);
        Assert.DoesNotContain(ClusterYaml.Secret, result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ClusterYaml.Secret, result.Config!.ToString(), StringComparison.Ordinal);
    }
}
