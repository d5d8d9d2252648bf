using System.Net;
using KDTalker.Web;
using Xunit;

namespace KDTalker.Tests.Web;

/// <summary>Beyond loopback a token is required; with one, every API call but the health check must carry it.</summary>
[Collection(WebServiceCollection.Name)]
public sealed class TokenTests
{
    private const string Token = "0123456789abcdef-secret";

    [Fact]
    public void Listening_beyond_loopback_without_a_token_is_refused_with_what_to_do()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServerOptions { Listen = System.Net.IPAddress.Any }.Validate());
        Assert.StartsWith("listening on 0.0.0.0 makes the service reachable from other machines: give --token TOKEN", error.Message);
        new ServerOptions { Listen = System.Net.IPAddress.Any, Token = Token }.Validate();
        new ServerOptions { Listen = System.Net.IPAddress.IPv6Loopback }.Validate();
        Assert.Throws<ArgumentException>(() => new ServerOptions { Token = "short" }.Validate());
    }

    [Fact]
    public async Task Calls_without_the_right_token_are_refused_and_the_page_session_cookie_lets_the_browser_in()
    {
        await using var host = await ServiceHost.StartAsync(options => options with { Token = Token });
        using (var anonymous = host.Client())
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/")).StatusCode); // the page asks for the token itself
            using var refused = await anonymous.GetAsync("/api/jobs");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("needs its token", await refused.Content.ReadAsStringAsync());
        }
        using (var wrong = host.Client(Token + "x"))
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/jobs")).StatusCode);
        using (var right = host.Client(Token))
        {
            Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("/api/jobs")).StatusCode);
            using var session = await right.PostAsync("/api/session", null);
            string cookie = session.Headers.GetValues("Set-Cookie").Single();
            Assert.Contains("httponly", cookie.ToLowerInvariant());
            Assert.Contains("samesite=strict", cookie.ToLowerInvariant());

            using var withCookie = host.Client();
            withCookie.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);
            Assert.Equal(HttpStatusCode.OK, (await withCookie.GetAsync("/api/jobs")).StatusCode);
        }
    }
}
