using System.Net;
using System.Net.Sockets;
using Understudy.Node.Nlb;
using Understudy.Node.Tests.Harness;

namespace Understudy.Node.Tests.Nlb;

/// <summary>How a stopping node tells whether it was the host's last on the uncovered-traffic port.</summary>
public sealed class UncoveredTrafficRuleTests
{
    [Fact]
    public void Listening_SeesAListenerOnTheAddressAndPort_AndNotOnceClosed()
    {
        var address = IPAddress.Parse($"{TestAddresses.Block()}.50");
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, 0));
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Assert.False(UncoveredTrafficRule.Listening(address, port), "bound is not listening");
        listener.Listen(1);
        Assert.True(UncoveredTrafficRule.Listening(address, port));
        Assert.False(UncoveredTrafficRule.Listening(address, port + 1 == 65536 ? 1 : port + 1));
        listener.Dispose();
        Assert.False(UncoveredTrafficRule.Listening(address, port));
    }
}
