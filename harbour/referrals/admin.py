"""Referrals are not in the admin on purpose: it has no need-to-know check, so it must not
become a door to what a referral shares. Staff work with referrals from the staff pages."""
