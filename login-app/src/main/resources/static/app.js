// The resend countdown: the button stays disabled until the send period Twofold reported is over.
document.addEventListener('DOMContentLoaded', () => {
  const resend = document.getElementById('resend');
  const countdown = document.getElementById('countdown');
  if (!resend || !countdown) {
    return;
  }
  let wait = Number(resend.dataset.wait || 0);
  const tick = () => {
    if (wait <= 0) {
      resend.disabled = false;
      countdown.textContent = '';
      return;
    }
    countdown.textContent = 'You can ask for a code in ' + wait + ' s';
    wait -= 1;
    setTimeout(tick, 1000);
  };
  tick();
});
