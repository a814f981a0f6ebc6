using System.Net;
using Understudy.Core.Addresses;

namespace Understudy.Core.Tests.Addresses;

public sealed class AddressMessageTests
{
    [Fact]
    public void Add_IPv4_NewAddrReplaceWithLocalAddressAndNoDad() =>
        Assert.Equal(
            Convert.FromHexString(
                "30000000" + "1400" + "0505" + "07000000" + "00000000" + // nlmsghdr: 48 bytes, RTM_NEWADDR, REQUEST|ACK|REPLACE|CREATE, seq 7
                "02" + "18" + "00" + "00" + "03000000" + // ifaddrmsg: AF_INET, /24, index 3
                "0800" + "0200" + "0A4D0064" + // IFA_LOCAL 10.77.0.100
                "0800" + "0100" + "0A4D0064" + // IFA_ADDRESS
                "0800" + "0800" + "02000000"), // IFA_FLAGS: IFA_F_NODAD
            AddressMessage.Add(3, IPAddress.Parse("10.77.0.100"), 24, 7));

    [Fact]
    public void Delete_IPv6_DelAddrWithoutFlags()
    {
        var bytes = AddressMessage.Delete(2, IPAddress.Parse("fd00::5"), 64, 1);

        Assert.Equal(16 + 8 + 20 + 20, bytes.Length);
        Assert.Equal(Convert.FromHexString("40000000150005000100000000000000" + "0A40000002000000"), bytes[..24]);
        Assert.Equal(Convert.FromHexString("14000200" + "FD000000000000000000000000000005"), bytes[24..44]);
        Assert.Equal(Convert.FromHexString("14000100"), bytes[44..48]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(33)]
    public void Add_BadPrefix_Throws(int prefix) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AddressMessage.Add(1, IPAddress.Parse("10.0.0.1"), prefix, 1));

    [Fact]
    public void Errno_AckAndError()
    {
        var ack = Convert.FromHexString("24000000" + "0200" + "0001" + "07000000" + "00000000" + "00000000");
        var exists = Convert.FromHexString("24000000" + "0200" + "0000" + "07000000" + "00000000" + "EFFFFFFF"); // -17

        Assert.Equal(0, AddressMessage.Errno(ack));
        Assert.Equal(17, AddressMessage.Errno(exists));
        Assert.Null(AddressMessage.Errno(new byte[8]));
    }
}
