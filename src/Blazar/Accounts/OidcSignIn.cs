using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;

namespace Blazar.Accounts;

/// <summary>
/// OpenID Connect sign-in when <c>Blazar:Auth:Oidc:Authority</c> is set: authorization code with PKCE, the answer
/// returned in the query (a cross-site form post would meet the same-origin guard), the provider's identity kept
/// for a moment in an external cookie until <see cref="OidcEndpoints"/> decides whose account it is.
/// </summary>
internal static class OidcSignIn
{
    public const string Scheme = "oidc";
    public const string LoginProvider = "oidc";

    public static void AddOidcOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OidcOptions>().Bind(builder.Configuration.GetSection("Blazar:Auth:Oidc"))
            .Validate(o => !o.Enabled || (Uri.TryCreate(o.Authority, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
                "Blazar:Auth:Oidc:Authority is not an http or https URL.")
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.ClientId), "Blazar:Auth:Oidc:ClientId is required with Blazar:Auth:Oidc:Authority.")
            .Validate(o => !o.Enabled || !o.HttpsRequired || o.Authority!.StartsWith("https://", StringComparison.OrdinalIgnoreCase),
                "Blazar:Auth:Oidc:Authority must be https (http only for a provider on this machine, or with RequireHttpsMetadata=false).")
            .ValidateOnStart();
    }

    public static AuthenticationBuilder AddOidc(this AuthenticationBuilder authentication, OidcOptions settings)
    {
        authentication.AddCookie(IdentityConstants.ExternalScheme, o =>
        {
            o.Cookie.Name = "blazar.external";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        if (!settings.Enabled)
            return authentication;
        return authentication.AddOpenIdConnect(Scheme, settings.Name, o =>
        {
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
            o.RequireHttpsMetadata = settings.HttpsRequired;
            o.ResponseType = "code";
            o.ResponseMode = "query";
            o.UsePkce = true;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.Scope.Add("email");
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = false; // email and email_verified come in the ID token
            o.SaveTokens = false;
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.CallbackPath = "/signin-oidc";
            // The answer comes back as a top-level GET from the provider: Lax cookies travel with it, and on plain
            // HTTP (a loopback provider) a SameSite=None cookie would not be kept at all.
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/login?error=oidc-failed");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }
}
