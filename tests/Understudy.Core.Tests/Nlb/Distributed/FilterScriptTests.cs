using System.Collections.Immutable;
using Understudy.Core.Nlb;
using Understudy.Core.Nlb.Distributed;
using Understudy.Core.Tests.Config;

namespace Understudy.Core.Tests.Nlb.Distributed;

public sealed class FilterScriptTests
{
    internal const string Hosts = """
        cluster:
          name: hosts
          key: "a-test-cluster-key-0123456789"
        nodes:
          - name: alpha
            address: 10.78.0.1
          - name: bravo
            address: 10.78.0.2

        """;

    private static NlbConfig Config() => ClusterYaml.AssertValid(ClusterYaml.Parse($"""
        {Hosts}nlb:
          address: 10.78.0.100
          rules:
            - name: web
              ports: 8080
              protocol: http
              targetPort: 9080
            - name: dns
              ports: 5300-5301
              protocol: udp
              affinity: none
              targetPort: 6300
            - name: off
              ports: 7000
              protocol: tcp
              mode: disabled
              targetPort: 7100

        """)).Nlb!;

    private static NlbView View(NlbConfig config, params string[] eligible) => new()
    {
        Version = 7,
        Config = config,
        Rules = [.. config.Rules.Select(r => new RuleMap(r, r.Mode == FilteringMode.Disabled ? BucketMap.Empty(r.Name) : WeightedRendezvous.Build(r.Name, eligible.Select(e => (e, 50)))))],
        Members = [.. config.Members.Select(m => new NlbMemberView(m.Node, NlbMemberStatus.Initial(m.Node), m.HostPriority, eligible.Contains(m.Node), ImmutableSortedDictionary<string, int>.Empty))],
    };

    [Fact]
    public void Install_ConntrackFirst_NewConnectionsByBucketWhileListening_RestDropped()
    {
        var config = Config();
        var seed = ClusterBucket.Seed(config.ClusterAddress).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($$"""
            add table ip understudy_nlb_0a4e0064
            delete table ip understudy_nlb_0a4e0064
            table ip understudy_nlb_0a4e0064 {
            	set rule0 { typeof numgen inc mod 1024; }
            	counter accepted0 { }
            	set rule1 { typeof numgen inc mod 1024; }
            	counter accepted1 { }
            	set rule2 { typeof numgen inc mod 1024; }
            	counter accepted2 { }
            	chain prerouting {
            		type filter hook prerouting priority -150; policy accept;
            		ip daddr 10.78.0.100 meta pkttype set host
            		ip daddr 10.78.0.100 iif lo accept
            		ip daddr 10.78.0.100 ct state established,related accept
            		ip daddr 10.78.0.100 tcp dport 8080 tcp flags & (fin|syn|rst|ack) == syn socket transparent 0 jhash ip saddr mod 1024 seed 0x{{seed}} @rule0 counter name "accepted0" accept
            		ip daddr 10.78.0.100 tcp dport 8080 drop
            		ip daddr 10.78.0.100 udp dport 5300-5301 ct state new socket transparent 0 jhash ip saddr . udp sport mod 1024 seed 0x{{seed}} @rule1 counter name "accepted1" accept
            		ip daddr 10.78.0.100 udp dport 5300-5301 drop
            		ip daddr 10.78.0.100 tcp dport 7000 drop
            		ip daddr 10.78.0.100 jump uncovered
            		ip daddr 10.78.0.100 drop
            	}
            	chain uncovered {
            	}
            }
            add table arp understudy_nlb_0a4e0064
            delete table arp understudy_nlb_0a4e0064
            table arp understudy_nlb_0a4e0064 {
            	chain output {
            		type filter hook output priority 0; policy accept;
            		arp operation reply arp saddr ip 10.78.0.100 jump replies
            	}
            	chain replies {
            		drop
            	}
            }

            """, FilterScript.Install(config));
    }

    [Fact]
    public void Owned_EachHostItsOwnBuckets_DefaultHostAnswersArpAndUncovered()
    {
        var config = Config();
        var view = View(config, "alpha", "bravo");
        var alpha = FilterScript.Owned(view, "alpha");
        var bravo = FilterScript.Owned(view, "bravo");
        var web = view.Rules[0].Map;
        Assert.Contains($"add element ip understudy_nlb_0a4e0064 rule0 {{ {string.Join(", ", Enumerable.Range(0, 1024).Where(b => web.OwnerOf(b) == "alpha"))} }}\n", alpha, StringComparison.Ordinal);
        Assert.Contains($"add element ip understudy_nlb_0a4e0064 rule0 {{ {string.Join(", ", Enumerable.Range(0, 1024).Where(b => web.OwnerOf(b) == "bravo"))} }}\n", bravo, StringComparison.Ordinal);
        Assert.StartsWith("flush set ip understudy_nlb_0a4e0064 rule0\n", alpha, StringComparison.Ordinal);
        Assert.DoesNotContain("rule2 {", alpha, StringComparison.Ordinal); // disabled: nobody owns a bucket
        Assert.EndsWith("""
            flush chain ip understudy_nlb_0a4e0064 uncovered
            flush chain arp understudy_nlb_0a4e0064 replies
            add rule ip understudy_nlb_0a4e0064 uncovered tcp flags & (fin|syn|rst|ack) == syn accept
            add rule ip understudy_nlb_0a4e0064 uncovered meta l4proto { udp, icmp } ct state new accept
            add rule arp understudy_nlb_0a4e0064 replies arp saddr ether set 03:bf:0a:4e:00:64 accept

            """, alpha, StringComparison.Ordinal);
        Assert.EndsWith("""
            flush chain ip understudy_nlb_0a4e0064 uncovered
            flush chain arp understudy_nlb_0a4e0064 replies
            add rule arp understudy_nlb_0a4e0064 replies drop

            """, bravo, StringComparison.Ordinal);
    }

    [Fact]
    public void Owned_IneligibleHost_OwnsNothing() =>
        Assert.DoesNotContain("add element", FilterScript.Owned(View(Config(), "alpha"), "bravo"), StringComparison.Ordinal);

    [Fact]
    public void Remove_DeletesBothTables() =>
        Assert.Equal("delete table ip understudy_nlb_0a4e0064\ndelete table arp understudy_nlb_0a4e0064\n", FilterScript.Remove(Config()));
}
