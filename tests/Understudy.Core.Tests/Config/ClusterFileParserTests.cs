using Understudy.Core.Config;
using Understudy.Core.Detection;

namespace Understudy.Core.Tests.Config;

public sealed class ClusterFileParserTests
{
    [Fact]
    public void Parse_DemoFile_GivesThreeVotingNodesWithDefaults()
    {
        var path = FindDemoFile();

        var config = ClusterYaml.AssertValid(ClusterFileParser.Parse(File.ReadAllText(path), path, Path.GetDirectoryName(path)!));

        Assert.Equal("demo", config.Name);
        Assert.Equal(new ClusterKeySource.Inline("demo-key-change-me"), config.Key);
        Assert.Equal(HeartbeatOptions.Lan, config.Heartbeat);
        Assert.Equal(["alpha", "bravo", "charlie"], config.Nodes.Select(n => n.Name));
        Assert.Equal(["127.0.0.11", "127.0.0.12", "127.0.0.13"], config.Nodes.Select(n => n.Address.ToString()));
        Assert.All(config.Nodes, n =>
        {
            Assert.Equal(NodeConfig.DefaultApiPort, n.ApiPort);
            Assert.Equal(NodeConfig.DefaultRaftPort, n.RaftPort);
            Assert.Equal(NodeConfig.DefaultHeartbeatPort, n.HeartbeatPort);
            Assert.True(n.Vote);
        });
    }

    [Fact]
    public void Parse_EveryKeySet_MapsEveryValue()
    {
        const string Yaml = """
            cluster:
              name: prod-1
              keyFile: keys/prod.key
            heartbeat:
              interval: 1s
              threshold: 10
              detector: phi
              phiThreshold: 12.5
              phiMinStdDeviation: 200ms
              phiAcceptablePause: 2s
              phiWindowSize: 50
            nodes:
              - name: Node_1
                address: "::1"
                apiPort: 8000
                raftPort: 8001
                heartbeatPort: 8002
                vote: false
              - name: node-2
                address: 10.0.0.2
            """;

        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(Yaml));

        Assert.Equal(new ClusterKeySource.File("/etc/understudy/keys/prod.key"), config.Key);
        var expected = new HeartbeatOptions
        {
            Interval = TimeSpan.FromSeconds(1),
            Threshold = 10,
            Detector = DetectorMode.Phi,
            PhiThreshold = 12.5,
            PhiMinStdDeviation = TimeSpan.FromMilliseconds(200),
            PhiAcceptablePause = TimeSpan.FromSeconds(2),
            PhiWindowSize = 50,
        };
        Assert.Equal(expected, config.Heartbeat);
        var first = config.Nodes[0];
        Assert.Equal(("Node_1", "::1", 8000, 8001, 8002, false), (first.Name, first.Address.ToString(), first.ApiPort, first.RaftPort, first.HeartbeatPort, first.Vote));
        Assert.True(config.Nodes[1].Vote);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    [InlineData("~\n")]
    public void Parse_EmptyFile_ReportsEmptyFile(string yaml)
    {
        var error = Assert.Single(ClusterYaml.Parse(yaml).Errors);

        Assert.Equal(string.Empty, error.Path);
        Assert.Equal("the file is empty; expected the sections cluster, heartbeat, nodes, failover, roles, nlb, api, quarantine", error.Message);
    }

    [Theory]
    [InlineData("- cluster\n- nodes\n", "found a list")]
    [InlineData("hello\n", "found a single value")]
    public void Parse_RootNotMapping_ReportsExpectedSections(string yaml, string found)
    {
        var error = Assert.Single(ClusterYaml.Parse(yaml).Errors);

        Assert.Equal((string.Empty, 1, 1), (error.Path, error.Line, error.Column));
        Assert.Equal($"expected a mapping with the keys cluster, heartbeat, nodes, failover, roles, nlb, api, quarantine; {found}", error.Message);
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_ReportsKeyAndExpectedKeys()
    {
        var result = ClusterYaml.Parse(ClusterYaml.Valid + "rolez:\n  - web\n");

        var error = ClusterYaml.AssertError(result, "rolez", "unknown key 'rolez'");
        Assert.Equal("unknown key 'rolez'; expected one of: cluster, heartbeat, nodes, failover, roles, nlb, api, quarantine", error.Message);
        Assert.Equal((9, 1), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_MissingSections_ReportsEachSection()
    {
        var result = ClusterYaml.Parse("heartbeat:\n  interval: 1s\n");

        Assert.Equal(["cluster", "nodes"], result.Errors.Select(e => e.Path));
        Assert.All(result.Errors, e => Assert.Contains($"section '{e.Path}' is required", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SyntaxError_ReportsOneErrorWithPosition()
    {
        const string Yaml = "cluster:\n  name: demo\n  key: \"unterminated\nnodes: []\n";

        var result = ClusterYaml.Parse(Yaml);

        var error = Assert.Single(result.Errors);
        Assert.Null(result.Config);
        Assert.Equal(string.Empty, error.Path);
        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Line:", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
        Assert.InRange(error.Line!.Value, 3, 5);
    }

    [Fact]
    public void Parse_BadIndentation_ReportsSyntaxErrorAtLine()
    {
        const string Yaml = "cluster:\n  name: demo\n key: x\n";

        var error = Assert.Single(ClusterYaml.Parse(Yaml).Errors);

        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Parse_DuplicateKey_ReportsSyntaxError()
    {
        var error = Assert.Single(ClusterYaml.Parse(ClusterYaml.Valid + "nodes: []\n").Errors);

        Assert.Contains("Duplicate key", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(9, error.Line);
    }

    [Fact]
    public void Parse_TwoDocuments_ReportsSecondDocument()
    {
        var error = Assert.Single(ClusterYaml.Parse(ClusterYaml.Valid + "---\n" + ClusterYaml.Valid).Errors);

        Assert.Equal("expected one YAML document; found 2", error.Message);
    }

    [Fact]
    public void Parse_DeepNesting_ReportsDepthInsteadOfOverflowing()
    {
        var yaml = "nodes: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var error = Assert.Single(ClusterYaml.Parse(yaml).Errors);

        Assert.Equal("the file nests deeper than 32 levels", error.Message);
    }

    [Fact]
    public void Parse_ManyProblems_ReportsAllAtOnceInFileOrder()
    {
        const string Yaml = """
            cluster:
              name: Demo
              key: short
            heartbeat:
              interval: 250
              detector: phy
            nodes:
              - name: alpha
                adress: 127.0.0.11
              - name: alpha
                address: 127.0.0.300
                apiPort: 99999
            extra: 1
            """;

        var result = ClusterYaml.Parse(Yaml);

        Assert.Null(result.Config);
        Assert.Equal(
            ["cluster.name", "cluster.key", "heartbeat.interval", "heartbeat.detector", "nodes[0].address", "nodes[0].adress", "nodes[1].name", "nodes[1].address", "nodes[1].apiPort", "extra"],
            result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Parse_BadValue_ReportsLineColumnAndCompilerStyleText()
    {
        const string Yaml = """
            cluster:
              name: demo
              key: "demo-key-change-me"
            nodes:
              - name: alpha
                address: 127.0.0.11
              - name: bravo
                address: 127.0.0.300
            """;

        var result = ClusterFileParser.Parse(Yaml, "demo.yaml", "/tmp");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("nodes[1].address", 8, 14), (error.Path, error.Line, error.Column));
        Assert.StartsWith("demo.yaml:8:14: nodes[1].address: '127.0.0.300' is not an IP address", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingKey_ReportsPositionOfItsMapping()
    {
        var error = Assert.Single(ClusterYaml.Parse(ClusterYaml.WithNodes("nodes:\n  - name: alpha\n")).Errors);

        Assert.Equal(("nodes[0].address", 5, 5), (error.Path, error.Line, error.Column));
        Assert.Equal("'address' is required", error.Message);
    }

    private static string FindDemoFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "demo.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("examples/demo.yaml not found above " + AppContext.BaseDirectory);
    }
}
