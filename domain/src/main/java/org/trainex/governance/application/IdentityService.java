package org.trainex.governance.application;

import jakarta.ejb.Local;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import org.trainex.governance.api.Identities;
import org.trainex.governance.api.IdentityRole;
import org.trainex.governance.api.WalletLinkView;
import org.trainex.governance.domain.WalletLink;
import org.trainex.governance.domain.WalletLinkRepository;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.WalletAddress;
import org.trainex.shared.api.WalletSignatures;

/** {@link Identities}: wallet links proven by EIP-191 signatures (issue 12 item 2). */
@Stateless
@Local(Identities.class)
public class IdentityService implements Identities {
    private static final Logger LOG = Logger.getLogger(IdentityService.class.getName());

    @Inject
    WalletLinkRepository links;
    @Inject
    WalletSignatures signatures;

    @Override
    public WalletLinkView link(String username, IdentityRole role, String wallet, String signature) {
        if (username == null || username.isBlank() || role == null) {
            throw new InvalidInputException("a wallet link needs a login and a role");
        }
        if (wallet == null || wallet.isBlank() || signature == null || signature.isBlank()) {
            throw new InvalidInputException("linking a wallet needs wallet and signature (EIP-191 of \""
                    + Identities.linkMessage(role, username, "<wallet>") + "\")");
        }
        WalletAddress w = WalletAddress.of(wallet.strip());
        signatures.requireSignedBy(w, Identities.linkMessage(role, username, w.value()), signature.strip());
        Optional<WalletLink> holder = links.holderOf(w, role);
        if (holder.isPresent() && !holder.get().username().equals(username)) {
            throw new InvalidInputException("wallet " + w.value() + " is linked to another "
                    + role.name().toLowerCase(Locale.ROOT) + " account");
        }
        Instant now = Instant.now();
        WalletLink link = links.lock(username, role).orElse(null);
        if (link == null) {
            link = new WalletLink(username, role, w, now);
            links.add(link);
            LOG.info(() -> role + " " + username + " linked wallet " + w.value());
        } else if (link.relink(w, now)) {
            LOG.info(() -> role + " " + username + " relinked to wallet " + w.value());
        }
        return link.toView();
    }

    @Override
    public Optional<WalletLinkView> linkOf(String username, IdentityRole role) {
        return links.find(username, role).map(WalletLink::toView);
    }

    @Override
    public Optional<WalletLinkView> holderOf(WalletAddress wallet, IdentityRole role) {
        return links.holderOf(wallet, role).map(WalletLink::toView);
    }
}
