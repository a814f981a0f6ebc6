namespace Understudy.Core.Tests.Config;

public sealed class NodesSectionTests
{
    [Theory]
    [InlineData("[{address: 127.0.0.11}]", "nodes[0].name", "'name' is required")]
    [InlineData("[{name: al pha, address: 127.0.0.11}]", "nodes[0].name", "'al pha'")]
    [InlineData("[{name: alpha.1, address: 127.0.0.11}]", "nodes[0].name", "'alpha.1'")]
    [InlineData("[{name: alpha, address: 127.0.0.11}, {name: Alpha, address: 127.0.0.12}]", "nodes[1].name", "'Alpha' is already the name of nodes[0]")]
    [InlineData("[{name: alpha}]", "nodes[0].address", "'address' is required")]
    [InlineData("[{name: alpha, address: 127.0.0.300}]", "nodes[0].address", "'127.0.0.300' is not an IP address")]
    [InlineData("[{name: alpha, address: localhost}]", "nodes[0].address", "'localhost'")]
    [InlineData("[{name: alpha, address: 127.1}]", "nodes[0].address", "'127.1'")]
    [InlineData("[{name: alpha, address: \"::1::2\"}]", "nodes[0].address", "'::1::2'")]
    [InlineData("[{name: alpha, address: 0.0.0.0}]", "nodes[0].address", "'0.0.0.0' is the unspecified address")]
    [InlineData("[{name: alpha, address: \"::\"}]", "nodes[0].address", "'::' is the unspecified address")]
    [InlineData("[{name: alpha, address: 127.0.0.11, apiPort: 0}]", "nodes[0].apiPort", "0 is out of range; expected 1..65535")]
    [InlineData("[{name: alpha, address: 127.0.0.11, raftPort: 65536}]", "nodes[0].raftPort", "65536")]
    [InlineData("[{name: alpha, address: 127.0.0.11, heartbeatPort: http}]", "nodes[0].heartbeatPort", "'http' is not a whole number")]
    [InlineData("[{name: alpha, address: 127.0.0.11, raftPort: 7400}]", "nodes[0].raftPort", "port 7400 is already this node's apiPort")]
    [InlineData("[{name: alpha, address: 127.0.0.11, apiPort: 7402}]", "nodes[0].heartbeatPort", "port 7402 is already this node's apiPort")]
    [InlineData("[{name: alpha, address: 127.0.0.11, vote: maybe}]", "nodes[0].vote", "'maybe' is not a boolean")]
    [InlineData("[{name: alpha, address: 127.0.0.11, vote: false}]", "nodes", "no node votes")]
    [InlineData("[{name: alpha, adress: 127.0.0.11}]", "nodes[0].adress", "unknown key 'adress'; expected one of: name, address, apiAddress, apiPort, raftPort, heartbeatPort, vote, witness")]
    [InlineData("[{name: alpha, address: 127.0.0.11, apiAddress: mgmt}]", "nodes[0].apiAddress", "'mgmt' is not an IP address")]
    [InlineData("[{name: alpha, address: 127.0.0.11, apiAddress: 0.0.0.0}]", "nodes[0].apiAddress", "'0.0.0.0' is the unspecified address")]
    [InlineData("[{name: alpha, address: 127.0.0.11, apiAddress: 10.0.0.1}, {name: bravo, address: 127.0.0.12, apiAddress: 10.0.0.1}]", "nodes[1].apiPort", "10.0.0.1:7400 is already used by nodes[0].apiPort")]
    [InlineData("[{name: alpha, address: 127.0.0.11}, {name: w, address: 127.0.0.12, vote: false, witness: true}]", "nodes[1].witness", "a witness is a vote and nothing else; remove 'vote: false'")]
    [InlineData("[{name: alpha, address: 127.0.0.11, witness: often}]", "nodes[0].witness", "'often' is not a boolean")]
    [InlineData("[alpha]", "nodes[0]", "expected a mapping with the keys name, address")]
    [InlineData("[]", "nodes", "at least one node is required")]
    [InlineData("{alpha: 127.0.0.11}", "nodes", "expected a list of nodes")]
    [InlineData("", "nodes", "found nothing")]
    public void Parse_BadNode_ReportsPathAndValue(string nodes, string path, string fragment)
    {
        var result = ClusterYaml.Parse(ClusterYaml.WithNodes($"nodes: {nodes}"));

        var error = ClusterYaml.AssertError(result, path, fragment);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Parse_ApiAddress_TheApiListensThereAndEverythingElseOnAddress()
    {
        var result = ClusterYaml.Parse(ClusterYaml.WithNodes("nodes: [{name: alpha, address: 127.0.0.11, apiAddress: 10.1.0.11, raftPort: 7400}, {name: bravo, address: 127.0.0.12}]"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var alpha = result.Config!.FindNode("alpha")!;
        Assert.Equal("https://10.1.0.11:7400", alpha.ApiUrl); // TLS: not loopback (api.tls: auto)
        Assert.Equal("127.0.0.11:7400", alpha.RaftEndPoint.ToString());
        Assert.Equal("127.0.0.11:7402", alpha.HeartbeatEndPoint.ToString());
        Assert.Equal("http://127.0.0.12:7400", result.Config.FindNode("bravo")!.ApiUrl);
    }

    [Fact]
    public void Parse_Witness_VotesButHostsNoRoles()
    {
        var result = ClusterYaml.Parse(ClusterYaml.WithNodes("nodes: [{name: alpha, address: 127.0.0.11}, {name: bravo, address: 127.0.0.12}, {name: w, address: 127.0.0.13, witness: true}]"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var witness = result.Config!.FindNode("w")!;
        Assert.True(witness.Witness);
        Assert.True(witness.Vote);
        Assert.False(result.Config.FindNode("alpha")!.Witness);
        Assert.Equal(["alpha", "bravo"], result.Config.RoleHosts.ToArray());
    }

    [Theory]
    [InlineData("apiPort")]
    [InlineData("raftPort")]
    [InlineData("heartbeatPort")]
    public void Parse_TwoNodesOnOneAddressWithSamePorts_ReportsEachEndpoint(string port)
    {
        var result = ClusterYaml.Parse(ClusterYaml.WithNodes("nodes: [{name: alpha, address: 127.0.0.11}, {name: bravo, address: 127.0.0.11}]"));

        ClusterYaml.AssertError(result, $"nodes[1].{port}", $"127.0.0.11:{PortOf(port)} is already used by nodes[0].{port}");
        Assert.Equal(3, result.Errors.Length);
    }

    [Fact]
    public void Parse_IPv4MappedAddressOfAnotherNode_ReportsClash()
    {
        var result = ClusterYaml.Parse(ClusterYaml.WithNodes(
            "nodes: [{name: alpha, address: 127.0.0.11}, {name: bravo, address: \"::ffff:127.0.0.11\", raftPort: 8401, heartbeatPort: 8402}]"));

        ClusterYaml.AssertError(result, "nodes[1].apiPort", "127.0.0.11:7400");
    }

    [Fact]
    public void Parse_TwoNodesOnOneAddressWithOtherPorts_IsValid()
    {
        const string Nodes = """
            nodes:
              - name: alpha
                address: 127.0.0.1
              - name: bravo
                address: 127.0.0.1
                apiPort: 7410
                raftPort: 7411
                heartbeatPort: 7412
                vote: false
            """;

        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.WithNodes(Nodes)));

        Assert.Equal([7400, 7410], config.Nodes.Select(n => n.ApiPort));
        Assert.Equal([true, false], config.Nodes.Select(n => n.Vote));
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Parse_NodeCount_AcceptsUpTo64(int count, bool valid)
    {
        var nodes = string.Join(", ", Enumerable.Range(1, count).Select(i => $"{{name: n{i}, address: 10.0.0.{i}}}"));

        var result = ClusterYaml.Parse(ClusterYaml.WithNodes($"nodes: [{nodes}]"));

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            ClusterYaml.AssertError(result, "nodes", "65 nodes is more than the 64");
        }
    }

    [Fact]
    public void Parse_NodeNameOf63Characters_IsValid()
    {
        var name = new string('N', 63);

        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.WithNodes($"nodes: [{{name: {name}, address: 127.0.0.11}}]")));

        Assert.Equal(name, config.Nodes[0].Name);
    }

    private static int PortOf(string key) => key switch
    {
        "apiPort" => 7400,
        "raftPort" => 7401,
        _ => 7402,
    };
}
