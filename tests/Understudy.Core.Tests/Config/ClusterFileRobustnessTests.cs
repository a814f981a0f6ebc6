using CsCheck;

namespace Understudy.Core.Tests.Config;

public sealed class ClusterFileRobustnessTests
{
    [Fact]
    public void Parse_RandomText_NeverThrows()
    {
        Gen.String.Sample(text => ClusterYaml.Parse(text), iter: 2_000);
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
        }, iter: 3_000);
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
