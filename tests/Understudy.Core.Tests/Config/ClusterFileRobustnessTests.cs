using CsCheck;

namespace Understudy.Core.Tests.Config;

public sealed class ClusterFileRobustnessTests
{
    [Fact]
    public void Parse_RandomText_NeverThrows()
    {
        Gen.String.Sample(text => ClusterYaml.Parse(text), iter: 2_000, seed: "0N0XIzNRzYhy");
    }

    [Fact]
    public void Parse_MutatedValidFile_NeverThrowsAndIsValidOrExplained()
    {
        var valid = ClusterYaml.Valid;
        var mutation = Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[0, 3], Gen.Char["-:[]{}#&*!|>'\"%@`,? \n\t0a."]);

        mutation.Sample((at, cut, c) =>
        {
            var text = valid[..at] + c + valid[Math.Min(valid.Length, at + cut)..];
            var result = ClusterYaml.Parse(text);
            Assert.True(result.IsValid || !result.Errors.IsEmpty);
            Assert.All(result.Errors, e => Assert.DoesNotContain(ClusterYaml.Secret, e.ToString(), StringComparison.Ordinal));
        }, iter: 3_000, seed: "7SrMVEP64Dm1");
    }

    // Found by the test above: YamlDotNet quoted an undefined anchor made of the secret's text.
    [Fact]
    public void Parse_SecretReadAsAnchorName_SyntaxErrorDoesNotQuoteIt()
    {
        var result = ClusterYaml.Parse(ClusterYaml.Valid.Replace("\"demo-key", "*demo-key", StringComparison.Ordinal));

        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.DoesNotContain("demo-key-change-me", e.ToString(), StringComparison.Ordinal));
    }

    // Found by the test above: YamlDotNet 18.1 throws InvalidOperationException, not a
    // YamlException, for an unclosed flow mapping whose plain scalar runs onto the next line.
    [Fact]
    public void Parse_UnclosedFlowMappingOverLines_ReportsSyntaxError()
    {
        var result = ClusterYaml.Parse("cluster:\n  name: {demo\n  key: \"demo-key-change-me\"\nnodes: []\n");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }
}
