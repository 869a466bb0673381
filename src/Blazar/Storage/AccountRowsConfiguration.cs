using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blazar.Storage;

internal sealed class ApiTokenRowConfiguration : IEntityTypeConfiguration<ApiTokenRow>
{
    public void Configure(EntityTypeBuilder<ApiTokenRow> token)
    {
        token.ToTable("api_tokens");
        token.HasKey(t => t.Id);
        token.Property(t => t.Id).HasColumnName("id").HasMaxLength(64);
        token.Property(t => t.UserId).HasColumnName("user_id");
        token.Property(t => t.Name).HasColumnName("name").HasMaxLength(100);
        token.Property(t => t.Hash).HasColumnName("hash").HasMaxLength(64);
        token.Property(t => t.CreatedAt).HasColumnName("created_at");
        token.Property(t => t.ExpiresAt).HasColumnName("expires_at");
        token.HasIndex(t => t.Hash).IsUnique().HasDatabaseName("api_tokens_hash");
        token.HasIndex(t => t.UserId).HasDatabaseName("api_tokens_user");
        token.HasOne<BlazarUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvitationRowConfiguration : IEntityTypeConfiguration<InvitationRow>
{
    public void Configure(EntityTypeBuilder<InvitationRow> invitation)
    {
        invitation.ToTable("invitations");
        invitation.HasKey(i => i.Hash);
        invitation.Property(i => i.Hash).HasColumnName("hash").HasMaxLength(64);
        invitation.Property(i => i.Email).HasColumnName("email").HasMaxLength(256);
        invitation.Property(i => i.Role).HasColumnName("role").HasMaxLength(16);
        invitation.Property(i => i.InvitedBy).HasColumnName("invited_by");
        invitation.Property(i => i.CreatedAt).HasColumnName("created_at");
        invitation.Property(i => i.ExpiresAt).HasColumnName("expires_at");
        invitation.Property(i => i.AcceptedAt).HasColumnName("accepted_at");
    }
}

internal sealed class UsageRowConfiguration : IEntityTypeConfiguration<UsageRow>
{
    public void Configure(EntityTypeBuilder<UsageRow> usage)
    {
        usage.ToTable("usage");
        usage.HasKey(u => new { u.UserId, u.Day, u.Model });
        usage.Property(u => u.UserId).HasColumnName("user_id");
        usage.Property(u => u.Day).HasColumnName("day").HasMaxLength(10);
        usage.Property(u => u.Model).HasColumnName("model").HasMaxLength(200);
        usage.Property(u => u.InputTokens).HasColumnName("input_tokens");
        usage.Property(u => u.OutputTokens).HasColumnName("output_tokens");
        usage.HasOne<BlazarUser>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
