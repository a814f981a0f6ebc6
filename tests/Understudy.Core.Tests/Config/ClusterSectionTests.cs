using Understudy.Core.Config;

namespace Understudy.Core.Tests.Config;

public sealed class ClusterSectionTests
{
    [Theory]
    [InlineData("cluster:\n  key: \"demo-key-change-me\"", "cluster.name", "'name' is required")]
    [InlineData("cluster:\n  name: Demo\n  key: \"demo-key-change-me\"", "cluster.name", "'Demo'")]
    [InlineData("cluster:\n  name: demo_1\n  key: \"demo-key-change-me\"", "cluster.name", "'demo_1'")]
    [InlineData("cluster:\n  name: \"\"\n  key: \"demo-key-change-me\"", "cluster.name", "''")]
    [InlineData("cluster:\n  name:\n  key: \"demo-key-change-me\"", "cluster.name", "a value is required")]
    [InlineData("cluster:\n  name: [demo]\n  key: \"demo-key-change-me\"", "cluster.name", "found a list")]
    [InlineData("cluster:\n  nmae: demo\n  name: demo\n  key: \"demo-key-change-me\"", "cluster.nmae", "unknown key 'nmae'; expected one of: name, key, keyFile")]
    [InlineData("cluster:\n  name: demo", "cluster.key", "'key' or 'keyFile' is required")]
    [InlineData("cluster:\n  name: demo\n  key: \"demo-key-change-me\"\n  keyFile: demo.key", "cluster.keyFile", "'key' and 'keyFile' are both set")]
    [InlineData("cluster:\n  name: demo\n  key: \"fifteen-chars-x\"", "cluster.key", "at least 16 characters")]
    [InlineData("cluster:\n  name: demo\n  key:", "cluster.key", "found nothing")]
    [InlineData("cluster:\n  name: demo\n  key: [a, b]", "cluster.key", "found a list")]
    [InlineData("cluster:\n  name: demo\n  keyFile: \"\"", "cluster.keyFile", "is not a valid file path")]
    [InlineData("cluster:\n  name: demo\n  keyFile: \"a\\0b\"", "cluster.keyFile", "is not a valid file path")]
    [InlineData("cluster: demo", "cluster", "expected a mapping with the keys name, key, keyFile; found a single value")]
    [InlineData("cluster:", "cluster", "found nothing")]
    public void Parse_BadClusterSection_ReportsPathAndValue(string cluster, string path, string fragment)
    {
        var result = ClusterYaml.Parse(ClusterYaml.WithCluster(cluster));

        var error = ClusterYaml.AssertError(result, path, fragment);
        Assert.Single(result.Errors);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Parse_NameOf64Characters_IsRejectedAnd63Accepted()
    {
        var longest = new string('a', 63);

        ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.WithCluster($"cluster:\n  name: {longest}\n  key: \"{ClusterYaml.Secret}\"")));
        ClusterYaml.AssertError(ClusterYaml.Parse(ClusterYaml.WithCluster($"cluster:\n  name: {longest}a\n  key: \"{ClusterYaml.Secret}\"")), "cluster.name", longest);
    }

    [Fact]
    public void Parse_InlineKeyOf16Characters_IsAccepted()
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.WithCluster("cluster:\n  name: demo\n  key: \"sixteen-chars-xx\"")));

        Assert.Equal(new ClusterKeySource.Inline("sixteen-chars-xx"), config.Key);
    }

    [Theory]
    [InlineData("demo.key", "/etc/understudy/demo.key")]
    [InlineData("keys/demo.key", "/etc/understudy/keys/demo.key")]
    [InlineData("../keys/demo.key", "/etc/keys/demo.key")]
    [InlineData("/var/lib/understudy/demo.key", "/var/lib/understudy/demo.key")]
    public void Parse_KeyFile_ResolvesAgainstBaseDirectory(string keyFile, string expected)
    {
        var config = ClusterYaml.AssertValid(ClusterYaml.Parse(ClusterYaml.WithCluster($"cluster:\n  name: demo\n  keyFile: {keyFile}")));

        Assert.Equal(new ClusterKeySource.File(expected), config.Key);
    }
}
